"""Reading the data: YAML files with the line of every value, the table of record collections, git dates."""
