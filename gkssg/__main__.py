"""`python -m gkssg …` runs the command line, as the `gkssg` script does."""

from gkssg.commands.cli import main

if __name__ == "__main__":
    main()
