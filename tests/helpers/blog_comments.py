"""Hand-written blog comments for the spam head's behaviour test, kept apart from training.

Written before the training templates of training/blog_templates.py and in other words; a
test keeps their sentences and their brand and city names out of the templates, so they check
that the head learned the kinds of blog spam, not the templates' sentences. They also served
as a development check while the templates were written (docs/MODEL.md, honesty note for
2026-12-01.1), so they are not a clean hold-out.
"""

SPAM = [
    "Really useful post! We offer the most affordable Hadoop classes in Pune with job "
    "placement, enroll today.",
    "Nice write-up. If your Bitdefender subscription will not renew, dial our support "
    "line 1 (844) 203 7719 any time.",
    "I was scammed out of 3 BTC by a fake trading site, then Mr. Harold at "
    "harold.recovery@protonmail.com got every coin back. Reach him today.",
    "Struggling with your nursing dissertation? Our qualified writers deliver in 24 hours, "
    "order now at greatessaypros.net",
    "Thanks for this. My cousin makes $9,000 a month from her laptop at home, see how at "
    "earnfromhomefast.xyz",
    "Awesome. Grab 5,000 real TikTok followers for just $12 at followboost.shop",
    "Contact the great spell caster Baba Oduya on WhatsApp +2348135550147, he returned my "
    "husband in 3 days.",
    "Packers and movers in Gurgaon at the lowest rates, call 9810 555 321 for a free quote.",
    "Learned a lot. For Epson printer offline problems call the toll free number "
    "+1-855-640-2213.",
    "Top online slots and sports betting with a 200% welcome bonus at luckyspin777.club",
    "Wonderful article. Visit my page for the best SAP FICO online course with live "
    "projects: sapfico-academy.in",
    "Genuine Ozempic and weight loss pills without prescription, fast delivery "
    "worldwide, order at meds4less.biz",
    "Need a quick personal loan with bad credit? Approved in one hour at 3% interest, "
    "email fastcash.lenders@gmail.com",
    "Hire a certified hacker to track your cheating spouse's phone, text me on Telegram "
    "@hackpro_service",
    "Very informative. I also write about best air purifiers for home, check "
    "http://airpurifiertop10.blogspot.com",
    "Get your McAfee antivirus activated within minutes, our experts are available 24/7 at "
    "1-888-409-6621.",
    "Best Selenium automation testing institute in Noida | Selenium course in Noida with "
    "100% placement",
    "Cheap web hosting and domain names from $1.99, limited offer at hostdealz.online",
    "Buy 5 star Google reviews and Trustpilot reviews for your business, safe and "
    "permanent, visit reviewsmarket.pro",
    "Earn free Bitcoin every hour just by signing up here: freebtcfaucet.top",
]
LEGIT = [
    "Thanks for the tutorial! When I run the merge step I get a KeyError on 'user_id'. "
    "Did the column get renamed?",
    "Great explanation of gradient boosting, the diagrams made it click for me.",
    "Which version of pandas did you use? read_csv behaves differently for me on 2.1.",
    "I think there is a small mistake in the second code block: the loop should start at "
    "1, not 0.",
    "This helped a lot with my thesis project on air quality in Delhi, thank you.",
    "Could you do a follow-up on deploying the model with Docker?",
    "I tried the same approach on 2 million rows and it took about 40 minutes on my "
    "laptop with 16 GB of RAM.",
    "The link to the dataset at the top of the article returns a 404 now.",
    "I prefer using a pipeline here so the scaler is fit only on the training folds.",
    "Nice article. For anyone on Windows, you need to install the C++ build tools first.",
    "Is there a reason you chose Adam over SGD for this network?",
    "I am a data analyst in Hyderabad and we use exactly this setup in production.",
    "The official documentation at https://docs.python.org/3/library/asyncio.html explains "
    "the event loop in more detail.",
    "Very clear and well structured. Bookmarked for my students.",
    "My antivirus flagged the installer from the third step, is that expected?",
    "After upgrading to Python 3.12 the example still works, just a deprecation warning.",
    "What would change if the classes were heavily imbalanced, say 1 positive in 100?",
    "Thank you Sayak, the section on learning rate schedules was exactly what I needed.",
    "You can also use df.groupby('city').agg(['mean', 'count']) to get both at once.",
    "I disagree a bit: for small tabular data a random forest is often a better start "
    "than a neural network.",
]
