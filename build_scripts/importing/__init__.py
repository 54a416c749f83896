"""`duizhao import`: bring a corpus (JSONL, CSV or a folder of .txt files) into source_texts/<collection>/."""
