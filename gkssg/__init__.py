"""gkssg: a static-site generator for the 政府信息公开 column of Chinese government websites."""

__version__ = "0.1.0"
