"""PDF documents (ReportLab platypus). Functions take plain data and return PDF bytes."""
