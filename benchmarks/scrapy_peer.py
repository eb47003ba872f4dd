"""The peer of ``scraper crawl`` in ``crawl_bench.py --peer``: a Scrapy spider calling trafilatura.

It does the same whole job on the same server: follow every same-site link from the start URL
(robots.txt obeyed, duplicates filtered by Scrapy), run ``trafilatura.extract`` with metadata on
every HTML page, and write one JSON file per page it extracts an article from.

    python benchmarks/scrapy_peer.py URL OUT_DIR [--concurrency 16]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import trafilatura
from scrapy import Request, Spider
from scrapy.crawler import CrawlerProcess
from scrapy.http import Response
from scrapy.linkextractors import LinkExtractor


class ArchiveSpider(Spider):
    """Follow links on the start URL's host; extract and write every page with an article."""

    name = "archive"

    def __init__(self, start: str, out: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.start_urls = [start]
        self.site = urlsplit(start).netloc
        self.out = Path(out)
        # LinkExtractor's allow_domains does not match an IP address: the site is checked here.
        self.links = LinkExtractor()
        self.written = 0

    def parse(self, response: Response) -> Any:
        if not hasattr(response, "text"):
            return
        self.write(response.url, response.text)
        for link in self.links.extract_links(response):
            if urlsplit(link.url).netloc == self.site:
                yield Request(link.url, callback=self.parse)

    def write(self, url: str, html: str) -> None:
        extracted = trafilatura.extract(
            html, url=url, output_format="json", with_metadata=True, favor_precision=False
        )
        if not extracted:
            return
        record = json.loads(extracted)
        name = hashlib.sha256(url.encode()).hexdigest()[:16] + ".json"
        path = self.out / name
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(record, ensure_ascii=False, indent=2), encoding="utf-8")
        os.replace(tmp, path)
        self.written += 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url")
    parser.add_argument("out")
    parser.add_argument("--concurrency", type=int, default=16)
    args = parser.parse_args()
    Path(args.out).mkdir(parents=True, exist_ok=True)
    process = CrawlerProcess(
        settings={
            "CONCURRENT_REQUESTS": args.concurrency,
            "CONCURRENT_REQUESTS_PER_DOMAIN": args.concurrency,
            "DOWNLOAD_DELAY": 0,
            "ROBOTSTXT_OBEY": True,
            "LOG_LEVEL": "ERROR",
            "TELNETCONSOLE_ENABLED": False,
            "COOKIES_ENABLED": False,
            "USER_AGENT": "scrapy-peer (benchmark)",
        }
    )
    crawler = process.create_crawler(ArchiveSpider)
    process.crawl(crawler, start=args.url, out=args.out)
    process.start()
    stats = crawler.stats.get_stats() if crawler.stats else {}
    fetched = int(stats.get("response_received_count", 0))
    written = sum(1 for _ in Path(args.out).glob("*.json"))
    print(json.dumps({"fetched": fetched, "exported": written}))


if __name__ == "__main__":
    main()
