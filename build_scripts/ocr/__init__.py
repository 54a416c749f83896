"""OCR and web-text reading: raw pages → cleaned, split pages with every change an Edit."""
