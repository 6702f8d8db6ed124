"""Fetches URL and prints the response body; retries connection errors for up to 30 s.

  http_get.py URL
"""
import sys
import time
import urllib.error
import urllib.request


def main():
    deadline = time.time() + 30
    while True:
        try:
            with urllib.request.urlopen(sys.argv[1], timeout=30) as response:
                sys.stdout.write(response.read().decode())
                return
        except (urllib.error.URLError, ConnectionError):
            if time.time() > deadline:
                raise
            time.sleep(0.2)


if __name__ == "__main__":
    main()
