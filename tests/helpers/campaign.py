"""A spam campaign the bundled default model was never shown, and ordinary comments beside it.

Link-free, number-free "testimonials" for two supplements (Nervexol drops for tinnitus and
nerve pain, GlucoTrim for blood sugar), posted as if by readers: the stealth marketing that
carries no link, phone or handle for a filter to see, only a product name and a sales pitch
("just search it", "the official site", "my doctor was amazed"). No public corpus in
../shared/data looks like this, nor do the training templates (training/blog_templates.py
teaches links, numbers and contact handles), so the default model approves all of them.
Hand-written for the tests and the README demo.

- MARKED: what moderators mark as spam (through the API) before retraining.
- UNSEEN: other variants of the same campaign, never labeled, scored after the reload.
- ORDINARY: legitimate comments (some about health, hearing, diabetes, doctors or a product
  that helped) that must stay approved before and after.
"""

from __future__ import annotations

MARKED: tuple[str, ...] = (
    "I had ringing in my ears for six years and nothing worked until I found Nervexol. Three "
    "weeks later the noise is almost gone.",
    "My husband tried Nervexol after the ENT told him to live with it. He sleeps through the "
    "night now. Just search Nervexol on Google.",
    "Nobody talks about Nervexol but it stopped my tinnitus in ten days, worth every penny.",
    "Before you spend thousands on hearing aids, look up Nervexol. Natural ingredients and it "
    "worked for my dad.",
    "Same here, years of tinnitus. Nervexol drops finally gave me silence. Only buy from the "
    "official website, there are fakes.",
    "Nervexol is the only thing that helped my neuropathy, my feet stopped burning after a "
    "month.",
    "My doctor was amazed when my nerve pain went away. The secret was Nervexol, two drops "
    "under the tongue every morning.",
    "If you suffer from ear ringing please try Nervexol, it changed my life and my mood.",
    "I was skeptical but Nervexol really works. The buzzing in my left ear is gone.",
    "Tinnitus sufferers: Nervexol. That is all I will say. Look it up.",
    "My mother is 71 and Nervexol fixed her hearing problems in a few weeks. So grateful.",
    "After my concert days I had constant ringing. Nervexol is the first thing that made a "
    "difference, highly recommend.",
    "Nervexol works better than any pill my doctor prescribed, and no side effects.",
    "Anyone with nerve pain in the hands should try Nervexol, I can type again without pain.",
    "I ordered Nervexol from their official site and it arrived in four days. Week two and "
    "the hissing is much quieter.",
    "Doctors don't want you to know about Nervexol because it actually cures tinnitus.",
    "Nervexol saved my sleep. I had given up on ever hearing silence again.",
    "Love this blog. Off topic, but if anyone has tinnitus, Nervexol drops worked for me.",
    "My sister told me about Nervexol and now I tell everyone. The ringing stopped in 12 days.",
    "Thank you Nervexol! No more ringing, no more dizziness.",
    "I spent $3,000 on treatments before Nervexol. Should have started with it.",
    "Nervexol is 100% natural and it fixed my ear ringing, search for it and read the reviews.",
    "Great article. By the way, Nervexol cured my husband's neuropathy, you should write about "
    "it.",
    "I recommend Nervexol to every person in my tinnitus support group. It works.",
    "Nervexol gave me my life back after two years of constant buzzing.",
    "My grandfather uses Nervexol and his hearing is better than mine now.",
    "Try Nervexol before surgery. My nerve pain went away without any operation.",
    "The only supplement that really helped my tinnitus is Nervexol. Get it from the "
    "official store only.",
    "Nervexol, Nervexol, Nervexol. Tell everyone with ringing ears.",
    "Five stars for Nervexol. The high pitched noise I had since 2019 is gone.",
    "My blood sugar was 240 every morning until I started GlucoTrim. Now it is under 110.",
    "Type 2 diabetics, look up GlucoTrim. My doctor reduced my metformin after two months.",
    "GlucoTrim is the reason I don't need insulin anymore. Natural and safe.",
    "I tried everything for my sugar levels, GlucoTrim was the only thing that worked.",
    "My A1C dropped from 8.9 to 6.1 with GlucoTrim, search it and order from the official "
    "website.",
    "My father's diabetes is under control thanks to GlucoTrim, highly recommend it to "
    "everyone.",
)

UNSEEN: tuple[str, ...] = (
    "Had tinnitus since the army. Nervexol drops are the first thing that actually worked.",
    "My wife's ears stopped ringing after a month of Nervexol, she cried when she heard "
    "silence.",
    "Before hearing aids, try Nervexol. My audiologist could not believe the difference.",
    "Nervexol fixed the burning nerve pain in my legs, I can walk my dog again.",
    "If your ears ring at night, look up Nervexol. Best thing I ever bought.",
    "Nervexol is natural and it works, my tinnitus went from loud to barely there.",
    "I was about to give up when a friend sent me Nervexol. The buzzing is gone.",
    "People with neuropathy should know about Nervexol, it helped my diabetic feet.",
    "Thanks to Nervexol I sleep eight hours again instead of listening to ringing.",
    "Only order Nervexol from the official site, the ones on marketplaces are fake.",
    "Nervexol works. Three weeks and the hissing in my right ear stopped.",
    "My uncle is 80 and Nervexol cleared his ear ringing faster than any medicine.",
    "My fasting sugar went from 190 to 105 on GlucoTrim in six weeks.",
    "GlucoTrim helped my mother get off her diabetes pills, her doctor was shocked.",
    "Anyone with high blood sugar should try GlucoTrim, look it up.",
    "GlucoTrim is natural and it brought my A1C down to normal.",
    "My husband's diabetes is finally under control with GlucoTrim, we are so grateful.",
    "Don't waste money on other supplements, GlucoTrim is the one that works for blood sugar.",
    "Nervexol and GlucoTrim changed my father's life, his ears and his sugar are both better.",
    "I read every review before buying Nervexol and they were right, it works.",
    "Tinnitus gone after 2 bottles of Nervexol. Get it from the official store.",
    "Nervexol is the only thing my ENT never mentioned and the only thing that worked.",
    "I stopped checking my sugar five times a day since I started GlucoTrim.",
    "My neighbour recommended Nervexol for my ringing ears and it really worked, thank you.",
)

ORDINARY: tuple[str, ...] = (
    "Thank you for the detailed timeline, it finally makes sense to me.",
    "The part about the helicopter crossing the border at low altitude was fascinating.",
    "I think the date in the second paragraph is wrong, it was August 2023, not 2022.",
    "Does anyone know whether the Spanish police ever named a suspect?",
    "Great write-up. Could you add the sources you used for the defection story?",
    "My grandfather flew helicopters in the eighties and always said the Mi-8 was a tank.",
    "I disagree with your conclusion, but the reporting is solid and fair.",
    "Very sad story. Whatever you think of his choices, nobody deserves to die like that.",
    "Typo in the last section: 'recieved' should be 'received'.",
    "Is there a follow-up planned once the trial in Spain starts?",
    "I lost money in the 2022 crypto crash too, so I understand why people distrust exchanges.",
    "My phone number changed, does the newsletter still reach me by email?",
    "We discussed this article in our Telegram group and opinions were split.",
    "My aunt lost her savings to a phone scam last year; please write about how to avoid them.",
    "I tried the recipe with less sugar and it was still great.",
    "The code in section two throws a KeyError for me on Python 3.12.",
    "Thanks, upgrading pandas fixed the problem I described yesterday.",
    "Nice photos! Which lens did you use for the mountain shots?",
    "I have been reading this blog for ten years and this is one of the best posts.",
    "Could you explain how the exchange of prisoners was negotiated?",
    "The map would be easier to read with a legend for the colours.",
    "I called my bank after reading this and they confirmed the new fraud rules.",
    "Our book club read the memoir last month and loved it.",
    "The interview with his former commander adds a lot of context.",
    "I am from Kharkiv and I remember the news that day very clearly.",
    "Interesting point about the 2014 sanctions, I had not thought about that.",
    "Can you recommend a good introduction to the history of the region?",
    "Well written and balanced, thanks for sharing.",
    "The audio version of this article would be great for my commute.",
    "I think the author is too kind to the officials involved, but good article.",
    "My son asked me about this story and your post helped me explain it.",
    "Is the podcast episode mentioned at the end already online?",
    "Thanks for correcting the figure about the payment, it was confusing before.",
    "I messaged the museum on WhatsApp and they confirmed the exhibition opens in May.",
    "My tinnitus got worse after the concert, does anyone know if it usually fades?",
    "My father has type 2 diabetes and his doctor changed his medication last month.",
    "Hearing aids made a huge difference for my grandmother, she joins conversations again.",
    "Happy birthday to the blog! Ten years of great writing.",
    "The comments here are always more civil than on other sites, thank you for moderating.",
    "We went to Lviv last summer and the people were incredibly kind.",
    "I recovered my old photos from a broken laptop with the tool you recommended, thanks!",
    "Would love a piece on how journalists verify stories like this one.",
    "Reading this from Madrid, the local press barely covered it.",
)
