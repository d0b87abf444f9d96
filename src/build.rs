//! Building a plan's outputs into `out/<stem>/`, atomically.
