from build_scripts.cli import run

run()
