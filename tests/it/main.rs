mod xlsx;
