"""The periodic report to DG NEAR: its model, tables, narrative, and one module per file format."""
