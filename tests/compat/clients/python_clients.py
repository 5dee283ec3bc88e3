"""PyPI's python-akismet and pykismet3, unmodified (installed apart, in clients/.python: the
first one's `akismet` package would replace the project's `akismet` dev dependency): comment-check
(ham, spam) and submit-spam. Neither has a verify-key call. Usage: python_clients.py KIND KEY BLOG
(network: http_proxy / https_proxy, CA: REQUESTS_CA_BUNDLE)."""

import sys

kind, key, blog = sys.argv[1:4]
who = {"user_ip": "203.0.113.7", "user_agent": "Mozilla/5.0", "referrer": "https://blog.example.org/post"}
if kind == "python-akismet":
    import akismet

    client = akismet.Akismet(key, blog=blog, application_user_agent="commentmod-test/1")
    names = {v: k for k, v in vars(akismet.SpamStatus).items() if not k.startswith("_")}
    print("ham=" + names[client.check(comment_content="Thank you for the timeline.", **who)])
    print("spam=" + names[client.check(comment_content="Win at casino-bonus now", **who)])
    client.submit_spam(comment_content="python-akismet-reported casino-bonus", **who)
else:
    import pykismet3

    client = pykismet3.Akismet(api_key=key, blog_url=blog, user_agent="commentmod-test/1")
    print(f"ham={str(client.check({**who, 'comment_content': 'Thank you for the timeline.'})).lower()}")
    print(f"spam={str(client.check({**who, 'comment_content': 'Win at casino-bonus now'})).lower()}")
    client.submit_spam({**who, "comment_content": "pykismet3-reported casino-bonus"})
print("submit=ok")
