"""duizhao (对照): OCR'd Chinese newspaper pages → one document model → site and search index."""
