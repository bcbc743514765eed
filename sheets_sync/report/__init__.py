"""What the workshop produces to be read outside the workbook: the report page and its PDF,
pandas frames for analysts, and the rollup across localities."""
