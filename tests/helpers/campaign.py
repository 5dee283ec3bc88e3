"""A spam campaign the bundled default model was never shown, and ordinary comments beside it.

Link-free "spell caster / recovery agent / lost crypto recovery" testimonials that hand out a
phone number, a WhatsApp number, a Telegram handle or a mail-style contact. No public corpus in
../shared/data looks like this (YouTube spam sells channels, SMS spam sells prizes), so the
default model approves most of them. Hand-written for the tests and the README demo.

- MARKED: what moderators mark as spam (through the API) before retraining.
- UNSEEN: other variants of the same campaign, never labeled, scored after the reload.
- ORDINARY: legitimate comments (some mention phones, crypto, Telegram or a loss) that must
  stay approved before and after.
"""

from __future__ import annotations

MARKED: tuple[str, ...] = (
    "I want to thank Dr Ogun the great spell caster who brought my husband back to me within "
    "48 hours. If you need help contact him on WhatsApp +234 813 555 0142, he never fails.",
    "My name is Sandra from Texas. I lost $86,000 to a fake trading platform and I thought it "
    "was gone forever until I met Mr Harris, a recovery agent. Reach him on Telegram "
    "@harris_recovery",
    "Testimony!!! Priest Zuma restored my marriage after 3 years of separation. His love spell "
    "works. Call or WhatsApp +27 71 555 0193 today",
    "Lost your Bitcoin to scammers? Don't give up like I almost did. Recovery expert James "
    "Miller got all my funds back in 5 days. Telegram: @jamesmiller_recover",
    "I was scammed of 4.2 BTC by an online broker. A friend referred me to Cyber Genie "
    "Recovery and they recovered everything. Contact them on WhatsApp +1 (505) 555-0187",
    "All thanks to Lord Bami the powerful herbalist, my ex came back begging after I contacted "
    "him. Call him now +234 902 555 0166 he is real",
    "If you have lost money to crypto investment scam, contact Mrs Linda Carter, a certified "
    "funds recovery specialist. She helped me recover $120,000. WhatsApp +44 7700 900 418",
    "I never believed in spells until Dr Ekpen cured my infertility and now I have a baby boy. "
    "Reach him on +234 705 555 0121 or WhatsApp the same number",
    "Be careful with these online investment platforms. I lost 37k USDT before a recovery "
    "hacker named Kevin helped me get it back. Telegram @kevin_hackpro",
    "Big thanks to Dr Oselu for the lottery spell, I won $2.5 million in the Powerball. Contact "
    "him via WhatsApp +234 815 555 0109",
    "Do you need your ex back? Contact the great Baba Ijebu, his spells are 100% guaranteed "
    "with no side effects. Call +229 97 555 013",
    "Recovered my stolen ETH with the help of Digital Asset Recovery Bureau. They are fast "
    "and honest. Message them on Telegram @DARB_official",
    "I want to testify about Prophet Kalu who helped my brother win his court case with a "
    "spell. He can help you too, WhatsApp +234 810 555 0177",
    "After losing my savings to a forex scam I found Agent Morgan who recovered my money. "
    "Text him on WhatsApp +1 312 555 0148, he is legit",
    "Dr Sambo is the best spell caster in the world. My boyfriend who left me for another "
    "woman came back in two days. Email drsambospell at gmail dot com or WhatsApp +234 816 555 0133",
    "Anyone who lost crypto to fake mining pools should contact Recovery Masters on Telegram "
    "@recoverymasters247, they got back 90% of my investment",
    "I am so happy, Dr Aziba cured my herpes with his herbal medicine after many years. Call "
    "him on +234 706 555 0150 for any disease",
    "My wallet was drained by a phishing link and I thought it was over. A blockchain recovery "
    "expert traced and returned my coins. WhatsApp: +1 (213) 555-0162",
    "Great testimony from Germany: Priestess Amina cast a money spell for me and my business "
    "is booming. Contact her on Telegram @priestessamina",
    "Were you scammed by a binary options broker? I recovered my $45,000 with the help of "
    "Mr Anderson. Contact him on WhatsApp +44 7911 555 023",
    "Thank you Dr Okoro for the love spell that made my wife stop the divorce. He is real, "
    "his WhatsApp is +234 803 555 0171",
    "Lost access to my crypto wallet and my 12 words. A recovery specialist got me back in "
    "within hours. Message him on Telegram @walletfixer_pro",
    "Dr Ilekuba brought back my lover and also helped me get a promotion at work. Call him "
    "+234 909 555 0138 he will help you",
    "I fell victim to a romance scam and lost everything. Hackrecoverypro helped me get my "
    "money back. Reach them on WhatsApp +1 646 555 0119",
    "Spell caster Dr Lomi is the answer to your problems. Marriage, money, pregnancy, court "
    "cases. WhatsApp +234 817 555 0190",
    "I got my stolen USDT back thanks to a recovery agent I met here. Telegram @fundsback_agent "
    "he does not charge upfront",
    "Doctor Zakazaka helped me win back my husband who had been gone for 6 months. Contact "
    "him through +234 812 555 0104",
    "Please don't suffer in silence, if you lost money to an online investment scheme contact "
    "Asset Retrieval Team on Telegram @assetretrievalteam, they are reliable",
    "Dr Wale cast a protection spell on my family and since then everything is going well. "
    "He is on WhatsApp +234 701 555 0159",
    "I was scammed by a fake crypto exchange and recovered all my BTC through a certified "
    "recovery hacker, contact him on WhatsApp +1 (917) 555-0135",
    "Thanks to Dr Ajayi I am now pregnant after 7 years of trying. His herbs and spells work. "
    "WhatsApp +234 818 555 0127",
    "Need urgent help recovering lost or stolen cryptocurrency? I used Mr Cole, a recovery "
    "agent, and got my money back. Telegram @colerecovery",
    "The great Priest Ogbu brought back my ex lover with his powerful love spell. Contact "
    "him on +234 814 555 0145 whatsapp also",
    "I lost $230k in a pig butchering scam. Recovery agent Daniel helped me recover it all "
    "within a week. Contact him on Telegram @daniel_recovers",
    "I recommend Dr Mustafa for anyone who needs a spell for luck, love or money. His number "
    "is +234 815 555 0112 call him now",
    "Stop crying over lost investments. Contact Mrs Evelyn Brooks, a funds recovery agent who "
    "helped me recover my stolen bitcoin. WhatsApp +44 7700 900 227",
)

UNSEEN: tuple[str, ...] = (
    "I can't thank Dr Obinna enough, the great spell caster who returned my wife to me after "
    "she left. Reach him on WhatsApp +234 809 555 0163",
    "Lost 2.7 BTC to a fake investment site last year. A recovery agent called Mr Peterson "
    "got it all back for me. Telegram @peterson_recovery",
    "Thanks to Priestess Naledi's love spell my fiance came back and we are getting married. "
    "Call or WhatsApp +27 82 555 0174",
    "If you were scammed on a crypto trading platform, contact Recovery Hub on Telegram "
    "@recoveryhub_official, they returned my stolen USDT",
    "Dr Ikenna cured my diabetes with his herbal medicine and spells. Contact him on "
    "+234 802 555 0115 whatsapp too",
    "My crypto wallet was hacked and emptied. A recovery specialist named Steven recovered my "
    "coins in 3 days. WhatsApp +1 (702) 555-0139",
    "Powerful spell caster Dr Adebayo helped me win the lottery. Message him on WhatsApp "
    "+234 811 555 0182 and your life will change",
    "I lost $60,000 to a forex broker scam. Funds recovery agent Mrs Grace helped me recover "
    "everything. Telegram @grace_fundsrecovery",
    "Testimony: Dr Ehi brought back my ex husband in 24 hours with his spell. Contact him "
    "now on +234 703 555 0151",
    "Anyone who lost money to an online scam should contact Cyber Recovery Experts on "
    "WhatsApp +44 7700 900 335, they got my bitcoin back",
    "Prophet Musa cast a spell that stopped my divorce. He is powerful and real, call "
    "+229 96 555 018",
    "Recovered my lost ETH thanks to a blockchain recovery agent. Contact him on Telegram "
    "@chainrecoveryagent he is honest",
    "Dr Osagie the great herbalist cured my HIV. Contact him on WhatsApp +234 806 555 0124 "
    "for any sickness",
    "I was a victim of a crypto romance scam and lost $95,000. Mr Walker, a recovery hacker, "
    "recovered my funds. WhatsApp +1 (415) 555-0196",
    "I want to thank Baba Alade for the money spell that cleared all my debts. Call him on "
    "+234 813 555 0107",
    "Don't trust these online brokers. I got my stolen funds back through a recovery agent "
    "on Telegram @secure_recovery_agent",
    "Dr Uduma brought my girlfriend back to me with his love spell after she blocked me. "
    "WhatsApp him +234 708 555 0188",
    "Were you scammed by a fake crypto app? Contact Mr Sullivan, a certified recovery agent, "
    "who recovered my 1.8 BTC. Telegram @sullivan_recovery",
    "The spell caster Dr Bello made my husband love me again. His WhatsApp number is "
    "+234 819 555 0146",
    "My USDT was stolen from my wallet and a recovery expert helped me get it back. Contact "
    "them on WhatsApp +1 (305) 555-0153",
    "Thank you Priest Olu for the fertility spell, I finally have twins. Call him on "
    "+234 704 555 0179",
    "Lost my savings in a Ponzi crypto scheme. Recovery agent Robert got it back for me. "
    "Telegram @robert_recovery_pro",
    "Dr Akpan is a real spell caster, he brought back my lover and gave me a job promotion. "
    "WhatsApp +234 807 555 0131",
    "If your bitcoin was stolen contact Mrs Helen Ward, a funds recovery specialist. She got "
    "back my $75,000. WhatsApp +44 7700 900 561",
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
    "Happy birthday to the blog! Ten years of great writing.",
    "The comments here are always more civil than on other sites, thank you for moderating.",
    "We went to Lviv last summer and the people were incredibly kind.",
    "I recovered my old photos from a broken laptop with the tool you recommended, thanks!",
    "Would love a piece on how journalists verify stories like this one.",
    "Reading this from Madrid, the local press barely covered it.",
)
