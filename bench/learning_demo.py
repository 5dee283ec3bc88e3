"""The README's "Learning from moderators" demo against a running `commentmod serve`.

    .venv/bin/python bench/learning_demo.py submit --site-key $SITE   # campaign + ordinary comments
    .venv/bin/python bench/learning_demo.py mark --mod-key $MOD        # moderators: the campaign is spam
    .venv/bin/python bench/learning_demo.py check --site-key $SITE    # unseen variants, ordinary comments

The texts are tests/helpers/campaign.py (MARKED, UNSEEN, ORDINARY). Prints counts per status.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.helpers.campaign import MARKED, ORDINARY, UNSEEN  # noqa: E402

IDS_FILE = Path(os.environ.get("COMMENTMOD_DATA_DIR") or ".commentmod") / "learning-demo-ids.json"


def _client(url: str, key: str) -> httpx.Client:
    return httpx.Client(base_url=url, headers={"Authorization": f"Bearer {key}"}, timeout=30)


def _score(client: httpx.Client, texts: Sequence[str]) -> Counter[str]:
    response = client.post("/v1/score", json={"comments": [{"content": t} for t in texts]})
    response.raise_for_status()
    return Counter(r["status"] for r in response.json()["results"])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("step", choices=["submit", "mark", "check"], help="which step to run")
    parser.add_argument("--url", default="http://127.0.0.1:8000", help="the running service")
    parser.add_argument("--site-key", help="a site key (submit, check)")
    parser.add_argument("--mod-key", help="a moderator key (mark)")
    args = parser.parse_args()
    if args.step == "mark":
        ids = json.loads(IDS_FILE.read_text())
        with _client(args.url, args.mod_key) as client:
            for comment_id in ids:
                client.post(f"/v1/moderation/comments/{comment_id}/decision",
                            json={"status": "spam", "note": "recovery-agent campaign"}).raise_for_status()
        print(f"marked {len(ids)} campaign comments as spam")
        return 0
    with _client(args.url, args.site_key) as client:
        if args.step == "submit":
            ids, statuses = [], Counter[str]()
            for i, text in enumerate((*MARKED, *ORDINARY)):
                body = {"post_id": "demo", "author_name": f"Reader {i}", "content": text,
                        "author_email": f"reader{i}@example.org", "user_ip": f"198.51.100.{i % 250}"}
                response = client.post("/v1/comments", json=body)
                response.raise_for_status()
                if i < len(MARKED):
                    ids.append(response.json()["id"])
                    statuses[response.json()["status"]] += 1
            IDS_FILE.write_text(json.dumps(ids))
            print(f"campaign comments submitted: {dict(statuses)}")
        print(f"campaign, unseen variants: {dict(_score(client, UNSEEN))}")
        print(f"ordinary comments:         {dict(_score(client, ORDINARY))}")
        model = client.get("/v1/model").json()["version"]
        print(f"model version: {model}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
