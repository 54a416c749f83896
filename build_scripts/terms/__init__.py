"""Political terms: the glossary, annotation, discovery, pinyin and the CC-CEDICT subset."""
