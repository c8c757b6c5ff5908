import sys
from pathlib import Path

# Let test modules `from factories import …` (tests/ is not a package).
sys.path.insert(0, str(Path(__file__).parent))
