"""Paths to the shared test material (real published reports and the project seed)."""

from pathlib import Path

SHARED = Path(__file__).resolve().parents[4] / "shared"
SEED = SHARED / "seeds" / "000_9689475001a157a3.txt"
HONGZE_2023 = SHARED / "reports" / "002_hongze_qu_2023.txt"
PINGTAN_2025 = SHARED / "reports" / "010_pingtan_syq_2025.txt"
PINGTAN_2014_LOCAL = SHARED / "reports" / "015_pingtan_syq_2014.txt"
SHANGHAI_2024 = SHARED / "reports" / "024_shanghai_kewei_2024.txt"
