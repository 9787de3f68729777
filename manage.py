#!/usr/bin/env python
from gongkai.cli import main

if __name__ == "__main__":
    main()
