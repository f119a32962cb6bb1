from gongkai.core.testing import browser, page  # noqa: F401  (browser test fixtures)
