#!/usr/bin/env python3
"""Writes a .warc.gz of three response records, the middle one a 1 GiB page
(about 4.5 MB compressed), to measure that WARC reading streams
(docs/PERFORMANCE-HISTORY.md, "WARC streaming").

    python3 tools/big_warc.py /tmp/web_big.warc.gz
"""
import gzip
import sys
import zlib


def header(uri, length):
    return (f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Date: 2025-10-12T09:30:00Z\r\n"
            f"WARC-Target-URI: {uri}\r\nContent-Type: application/http; msgtype=response\r\n"
            f"Content-Length: {length}\r\n\r\n").encode()


def main(path):
    page = (b"<html><body><article><p>The Taliban said its forces killed 58 Pakistani soldiers in "
            b"overnight border operations, a spokesman said on Sunday.</p></article></body></html>")
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"
    small = http + page
    huge = 1 << 30
    with open(path, "wb") as f:
        f.write(gzip.compress(header("https://a.example/small1", len(small)) + small + b"\r\n\r\n", 1))
        c = zlib.compressobj(1, zlib.DEFLATED, 31)  # one gzip member
        f.write(c.compress(header("https://a.example/huge", len(http) + huge) + http))
        chunk = b"x" * (1 << 20)
        for _ in range(huge >> 20):
            f.write(c.compress(chunk))
        f.write(c.compress(b"\r\n\r\n") + c.flush())
        f.write(gzip.compress(header("https://a.example/small2", len(small)) + small + b"\r\n\r\n", 1))


if __name__ == "__main__":
    main(sys.argv[1])
