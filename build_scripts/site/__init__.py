"""The reading site: pages, data files and MkDocs hooks generated from the document model."""
