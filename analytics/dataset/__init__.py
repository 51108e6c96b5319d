"""Reading the events file: its YAML items with their lines, checking each event, the frames."""
