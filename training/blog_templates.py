"""Synthetic blog comments, spam and legitimate, for the one register no public corpus covers.

The spam corpora are YouTube comments and SMS messages; neither has the spam that blogs get:
a generic compliment carrying a keyword backlink ("Python training in Chennai"), a
tech-support or "customer care" phone number, essay and assignment mills, fund-recovery and
hacker-for-hire scams, spell casters, loans, bought reviews and followers, pharmacy and
casino links. Without examples of it the spam head scores a course advertisement 0.005.
These templates are written from general knowledge of that genre (the kind Akismet and
WordPress moderators see daily), not from any dataset; the DataCamp comments are test-only
and were not read to write them.

Legitimate blog comments (questions about the article, errors, corrections, thanks,
experience, disagreement, links to documentation) are generated from the same openers,
cities, brands and numbers, so that the head learns the promotion, not the register, a
compliment, a city or a phone-shaped number. Source `blog-templates`, spam head only (as
abuse negatives they lowered the abuse head's validation AUC), weight in
training.mix.SOURCE_MASS, trained on but not calibrated on (training.mix.NOT_CALIBRATED);
deterministic (a seeded RNG, fixed order).
"""

from __future__ import annotations

import random

from training.examples import LabeledText

SOURCE = "blog-templates"
_SEED = 20261201
PER_KIND = 60

OPENERS = (
    "",
    "Great article!",
    "Nice post.",
    "Thanks for sharing this valuable information.",
    "Very informative blog, keep it up.",
    "I really enjoyed reading this.",
    "This is a very helpful tutorial.",
    "Awesome explanation, thank you.",
    "Wonderful post, I learned a lot.",
    "Well written and easy to follow.",
    "Thank you for this detailed guide.",
    "Such a nice and useful article.",
    "Good content.",
    "Hi, thanks for the post.",
    "Excellent tutorial.",
)
TECH = (
    "Data science",
    "Python",
    "Machine learning",
    "AWS",
    "DevOps",
    "Salesforce",
    "Java",
    "Big data",
    "Digital marketing",
    "SEO",
    "Tableau",
    "Power BI",
    "Blockchain",
    "Angular",
    "React JS",
    "Oracle DBA",
    "Azure",
    "Android",
    "UI UX design",
    "Full stack development",
    "Ethical hacking",
    "Cyber security",
    "RPA",
    "Informatica",
    "ServiceNow",
    "Software testing",
    "Artificial intelligence",
    "Deep learning",
    "Cloud computing",
    "PHP",
    "Spark",
    "Tally ERP",
    "SAS",
    "R programming",
    "MEAN stack",
    "Django",
    "Node JS",
    "Kubernetes",
    "Linux",
    "CCNA",
    "PMP",
    "Six Sigma",
    "MSBI",
    "Workday",
    "MuleSoft",
    "Pega",
    "JMeter",
    "Data analytics",
    "Business analytics",
    "Graphic design",
    "Spoken English",
    "IELTS",
    "GRE",
)
COURSE = ("training", "course", "classes", "coaching", "certification", "institute", "academy", "bootcamp")
PERKS = (
    "with placement",
    "with 100% job assistance",
    "with live projects",
    "at low fees",
    "with certification",
    "by industry experts",
    "with free demo class",
    "weekend batches available",
    "online and classroom",
)
CITIES = (
    "Chennai",
    "Bangalore",
    "Hyderabad",
    "Mumbai",
    "Delhi",
    "Kolkata",
    "Coimbatore",
    "Marathahalli",
    "Dubai",
    "Lahore",
    "Karachi",
    "London",
    "New York",
    "Toronto",
    "Sydney",
    "Singapore",
    "Lagos",
    "Manila",
    "Texas",
    "Kochi",
    "Ahmedabad",
    "Jaipur",
    "Chandigarh",
    "Indore",
    "Lucknow",
    "Nagpur",
    "Bhopal",
    "Trivandrum",
    "Madurai",
    "Vizag",
    "Mysore",
    "Anna Nagar",
    "Velachery",
    "Electronic City",
    "Abu Dhabi",
    "Doha",
    "Nairobi",
    "Dhaka",
    "Islamabad",
    "Kuala Lumpur",
    "Melbourne",
    "California",
    "Houston",
    "Ontario",
)
BRANDS = (
    "QuickBooks",
    "Norton",
    "Kaspersky",
    "Avast",
    "AVG",
    "HP printer",
    "Canon printer",
    "Brother printer",
    "Outlook",
    "Gmail",
    "Yahoo mail",
    "AOL mail",
    "Roku",
    "Garmin",
    "Cash App",
    "Coinbase",
    "Binance",
    "Windows 10",
    "Netgear router",
    "Linksys router",
    "iTunes",
    "Facebook",
    "Sage 50",
    "Trend Micro",
    "Webroot",
)
SUPPORT = (
    "tech support number",
    "customer support number",
    "customer service phone number",
    "helpline number",
    "support phone number",
    "technical support",
    "customer care number",
    "help desk",
    "toll free number",
)
SERVICES = (
    "packers and movers",
    "web design company",
    "SEO services",
    "digital marketing agency",
    "car rental",
    "interior designers",
    "pest control",
    "IVF centre",
    "hair transplant clinic",
    "wedding photographers",
    "cab service",
    "study abroad consultants",
    "immigration consultants",
    "locksmith",
    "home cleaning services",
)
SUBJECTS = ("nursing", "law", "MBA", "accounting", "economics", "statistics", "engineering")
CRYPTO = ("Bitcoin", "crypto", "forex", "USDT", "Ethereum", "binary options")
NAMES = ("James", "Morgan", "Kevin", "Walter", "Richard", "Steve", "Daniel", "Mark")
DRUGS = ("Viagra", "Cialis", "Tramadol", "Xanax", "Adderall", "Phentermine")
SOCIAL = ("Instagram followers", "YouTube subscribers", "Facebook likes", "Twitter followers")
WORDS = ("best", "top", "pro", "expert", "my", "get", "online", "the", "smart", "easy", "fast")
TLDS = ("com", "net", "in", "org", "co.uk", "xyz", "online", "site", "info", "us", "blogspot.com")
TOPICS = (
    "pandas",
    "NumPy",
    "scikit-learn",
    "matplotlib",
    "SQL joins",
    "regular expressions",
    "decorators",
    "list comprehensions",
    "Docker",
    "Git",
    "the random forest",
    "cross validation",
    "the confusion matrix",
    "logistic regression",
    "gradient descent",
    "web scraping",
    "the REST API",
    "time series",
    "PostgreSQL",
    "Jupyter",
)
ERRORS = (
    "a KeyError",
    "ModuleNotFoundError: No module named 'sklearn'",
    "a memory error",
    "a SettingWithCopyWarning",
    "ValueError: could not convert string to float",
    "an IndexError",
    "a 403 error",
    "a timeout",
    "NaN values everywhere",
    "an empty plot",
)
DOC_LINKS = (
    "https://docs.python.org/3/tutorial/",
    "https://pandas.pydata.org/docs/",
    "https://scikit-learn.org/stable/modules/cross_validation.html",
    "https://stackoverflow.com/questions/12345678",
    "https://github.com/numpy/numpy/issues",
    "https://en.wikipedia.org/wiki/Logistic_regression",
    "www.kaggle.com/datasets",
    "https://www.postgresql.org/docs/current/",
)

def _phone(rng: random.Random) -> str:
    d = [str(rng.randrange(10)) for _ in range(10)]
    forms = (
        f"+1-8{d[0]}{d[1]}-{''.join(d[2:5])}-{''.join(d[5:9])}",
        f"1 (8{d[0]}{d[1]}) {''.join(d[2:5])} {''.join(d[5:9])}",
        f"+1 8{d[0]}{d[1]} {''.join(d[2:5])} {''.join(d[5:9])}",
        f"1-800-{''.join(d[2:5])}-{''.join(d[5:9])}",
        f"+44 20 {''.join(d[:4])} {''.join(d[4:8])}",
        f"+91 9{''.join(d[:4])} {''.join(d[4:9])}",
        f"+234 80{d[0]} {''.join(d[1:4])} {''.join(d[4:8])}",
        f"8{d[0]}{d[1]}.{''.join(d[2:5])}.{''.join(d[5:9])}",
    )
    return rng.choice(forms)


def _site(rng: random.Random, words: str) -> str:
    slug = "".join(w for w in words.lower().split() if w.isalnum())[:18]
    name = rng.choice((f"{rng.choice(WORDS)}{slug}", f"{slug}{rng.randrange(1, 999)}", slug))
    forms = (
        f"https://www.{name}.{rng.choice(TLDS)}",
        f"{name}.{rng.choice(TLDS)}",
        f"http://{name}.{rng.choice(TLDS)}/",
    )
    return rng.choice(forms)


def _email(rng: random.Random, name: str) -> str:
    host = rng.choice(("gmail.com", "yahoo.com", "outlook.com", "protonmail.com", "hotmail.com"))
    suffix = rng.choice(("", ".recovery", "hack", "_support", str(rng.randrange(10, 99))))
    return f"{name.lower()}{suffix}@{host}"


def _spam(rng: random.Random) -> list[str]:
    pick = rng.choice

    def opener() -> str:
        return pick(OPENERS)

    out: list[str] = []
    for _ in range(PER_KIND * 2):  # keyword backlinks for courses
        tech, city, other = pick(TECH), pick(CITIES), pick(CITIES)
        course, perk = pick(COURSE), pick(PERKS)
        out.append(
            rng.choice(
                (
                    f"{opener()} {tech} {course} in {city}",
                    f"{opener()} {tech} {course} in {city} | {tech} {pick(COURSE)} in {other}",
                    f"{opener()} Best {tech} {course} in {city} {perk}.",
                    f"{opener()} Join our {tech} online {course} {perk}. Visit "
                    f"{_site(rng, tech + ' ' + course)}",
                    f"{tech} {course.title()} in {city}\n{tech} {pick(COURSE).title()} in {other}\n{tech} "
                    "Online Training",
                    f"{opener()} Also read: {tech} interview questions and answers, {tech} {course} in "
                    f"{city}",
                    f"{opener()} We provide real time {tech} {course} in {city} {perk}.",
                    f"{opener()} Enroll now for {tech} {course} in {city}, {perk}, call {_phone(rng)}",
                    f"{opener()} Looking for the top {tech} {course} near {city}? {perk.capitalize()}.",
                    f"{opener()} Our {tech} {course} {perk}, new batch starts Monday in {city}.",
                )
            )
        )
    for _ in range(PER_KIND):  # tech support numbers
        brand, support, phone = pick(BRANDS), pick(SUPPORT), _phone(rng)
        out.append(
            rng.choice(
                (
                    f"{opener()} {brand} {support} {phone}",
                    f"{opener()} If you face any issue with {brand}, call our {support} {phone} for instant "
                    "help.",
                    f"{opener()} Call {brand} {support} at {phone}, available 24/7.",
                    f"{brand} {support} | {brand} {support} USA | call {phone}",
                    f"{opener()} Our certified experts fix {brand} errors remotely. Dial {phone} or visit "
                    f"{_site(rng, brand + ' support')}",
                    f"{opener()} {brand} not working? Get help from the {brand} {support} {phone}.",
                )
            )
        )
    for _ in range(PER_KIND):  # essay mills, local services, reviews, followers
        subject, service, city = pick(SUBJECTS), pick(SERVICES), pick(CITIES)
        out.append(
            rng.choice(
                (
                    f"{opener()} Students looking for {subject} assignment help can visit "
                    f"{_site(rng, subject + ' assignment help')}",
                    f"{opener()} We write essays and dissertations for you, plagiarism free, get 20% off at "
                    f"{_site(rng, 'essay writing')}",
                    f"{opener()} Best {service} in {city}, call {_phone(rng)} for a free quote.",
                    f"{opener()} Looking for {service} in {city}? Visit {_site(rng, service + ' ' + city)}",
                    f"Buy {pick(SOCIAL)} cheap and instant, 100% real, visit {_site(rng, 'buy followers')}",
                    f"{opener()} Do my homework service, pay someone to take my online class. Contact "
                    f"{_email(rng, pick(NAMES))}",
                    f"Buy Google reviews, Yelp reviews and Amazon reviews at {_site(rng, 'buy reviews')}",
                )
            )
        )
    for _ in range(PER_KIND):  # scams: fund recovery, hackers, spell casters, loans, money
        crypto, name = pick(CRYPTO), pick(NAMES)
        amount = f"${rng.choice((12, 25, 48, 67, 150))},{rng.randrange(100, 999)}"
        out.append(
            rng.choice(
                (
                    f"I lost {amount} to a fake {crypto} investment platform until I contacted {name} at "
                    f"{_email(rng, name)}. He recovered all my funds.",
                    f"Contact {name} on WhatsApp {_phone(rng)} for any kind of hacking job, he hacked my "
                    "husband's phone without him knowing.",
                    f"I want to thank Dr. {name} the great spell caster who brought my ex back. Email him at "
                    f"{_email(rng, name)}",
                    "Do you need a loan? We offer loans at 2% interest rate. Contact us via email "
                    f"{_email(rng, name)}",
                    f"I make {amount.split(',', maxsplit=1)[0]} a day working from home with my laptop. "
                    "Check this out "
                    f"{_site(rng, 'work from home')}",
                    f"{opener()} I earned {amount} trading {crypto} with Mrs. {name}'s signals. Telegram "
                    f"@{name.lower()}trades",
                    f"Recover your scammed {crypto} today, contact {_email(rng, name)} or WhatsApp "
                    f"{_phone(rng)}",
                )
            )
        )
    for _ in range(PER_KIND):  # pharmacy, casino, generic backlinks
        tech = pick(TECH)
        out.append(
            rng.choice(
                (
                    f"Buy {pick(DRUGS)} online without prescription, cheap price and discreet delivery "
                    f"{_site(rng, 'pharmacy')}",
                    f"Play online casino and slots, get a free bonus today at {_site(rng, 'casino')}",
                    f"{opener()} Check out my blog too {_site(rng, tech + ' blog')}",
                    f"{opener()} I have also written about {tech.lower()} on my website, please visit "
                    f"{_site(rng, tech)}",
                    f"{opener()} For more information visit {_site(rng, tech + ' tutorials')}",
                    f"{opener()} Keep sharing. {_site(rng, pick(SERVICES))}",
                    f"Best sports betting tips and daily fixed matches at {_site(rng, 'betting tips')}",
                )
            )
        )
    return out


def _legit(rng: random.Random) -> list[str]:
    pick = rng.choice

    out: list[str] = []
    for _ in range(PER_KIND * 6):
        topic, other, error = pick(TOPICS), pick(TOPICS), pick(ERRORS)
        n = rng.randrange(2, 90)
        out.append(
            rng.choice(
                (
                    f"{pick(OPENERS)} When I run the part about {topic} I get {error}. Any idea why?",
                    f"{pick(OPENERS)} Which version of {topic} did you use for this?",
                    f"Could you explain the difference between {topic} and {other}?",
                    f"{pick(OPENERS)} Is there a way to do this without {topic}?",
                    f"{pick(OPENERS)}",
                    f"Thanks, this finally helped me understand {topic}.",
                    f"In step {n % 9 + 1} I think the argument should be {n} instead of {n + 1}.",
                    f"There is a small typo in the section on {topic}.",
                    "The link to the dataset seems to be broken, could you update it?",
                    f"The docs at {pick(DOC_LINKS)} explain {topic} in more detail.",
                    f"I used this approach at work for {topic} and it cut the runtime from {n} to "
                    f"{n // 3 + 1} minutes.",
                    f"I am a student from {pick(CITIES)} and this tutorial helped with my project on "
                    f"{topic}.",
                    f"I don't agree that {topic} is always better than {other}, for small data {other} works "
                    "fine.",
                    f"{pick(OPENERS)} I got an accuracy of 0.{n} with 5-fold cross validation.",
                    f"I had the same problem with my {pick(BRANDS)} after the update, reinstalling fixed it.",
                    f"{pick(OPENERS)} Please write a follow-up on {topic}.",
                    f"We use {pick(TECH)} at our company in {pick(CITIES)} and this matches our experience.",
                    f"{pick(OPENERS)} I took the {pick(TECH)} course last year and this article fills the "
                    "gaps.",
                    f"Does this also work on Windows? On my laptop {topic} fails with {error}.",
                    f"Thank you! I shared this with my team in {pick(CITIES)}.",
                    f"My {pick(BRANDS)} kept crashing during the install, is there a workaround?",
                    f"I am preparing for the {pick(TECH)} {pick(COURSE)} exam, which parts of this matter "
                    "most?",
                    f"Our {pick(COURSE)} in {pick(CITIES)} used this article as reading for week "
                    f"{n % 12 + 1}.",
                )
            ).strip()
        )
    return out


def blog_examples() -> list[LabeledText]:
    """A few hundred fixed synthetic blog comments, spam and legitimate, in a fixed order."""
    rng = random.Random(_SEED)  # noqa: S311 - fixed training data, not a secret
    spam = [t.strip() for t in _spam(rng)]
    legit = [t for t in _legit(rng) if t]
    rows = [LabeledText(t, True, None, SOURCE) for t in dict.fromkeys(spam)]
    seen = set(spam)
    rows += [LabeledText(t, False, None, SOURCE) for t in dict.fromkeys(legit) if t not in seen]
    return rows
