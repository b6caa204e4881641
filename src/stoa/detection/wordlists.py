"""Word lists (data only): common English profanity and sexual terms, for weak labels and unmasking "f*ck".

Kept short and general on purpose: they seed training labels and undo masking; the trained model, not the list,
decides scores. Slurs are deliberately absent: identity attacks are learned from labelled data, not word lists.
"""

PROFANITY: frozenset[str] = frozenset(
    """
    arse arsehole ass asshole bastard bellend bitch bitching bloody bollocks bugger bullshit crap cunt damn dick
    dickhead dipshit douche douchebag fck fuck fucked fucker fuckers fucking fuckin goddamn hell jackass motherfucker
    motherfucking piss pissed prick pussy shit shite shithead shithouse shitty slut son-of-a-bitch tosser twat wanker
    whore wtf stfu fk fkn effing frigging
    """.split()
)

SEXUAL_TERMS: frozenset[str] = frozenset(
    """
    anal blowjob boner boobs breasts clit cock cum cumming dildo ejaculate erection horny jizz masturbate
    masturbating milf naked nipples nude nudes orgasm orgy penis porn porno pussy rape semen sex sexy slut
    threesome tits vagina wank boob handjob
    """.split()
)

INSULTS: frozenset[str] = frozenset(
    """
    idiot idiots moron morons imbecile cretin loser losers lowlife scumbag scum pig pigs rat rats vermin trash
    garbage filth filthy degenerate pathetic worthless useless stupid dumb dumbass retard retarded clown coward
    liar liars traitor hypocrite parasite creep freak psycho lunatic thug nazi informant snitch grass
    """.split()
)

KNOWN_WORDS: frozenset[str] = PROFANITY | SEXUAL_TERMS | INSULTS

# Words that name who someone is (orientation, gender identity, religion, ethnicity, disability, pregnancy). The
# model sees each of them as the same token, so it can only judge what is said about people, never which
# people are named: the fairness mitigation described in docs/detection.md. Common adjectives with other
# meanings ("black", "white", "old", "straight") are left as they are.
IDENTITY_TERMS: frozenset[str] = frozenset(
    """
    gay gays lesbian lesbians bisexual bisexuals bi transgender transgenders trans transsexual queer queers
    homosexual homosexuals heterosexual lgbt lgbtq lgbtqia nonbinary muslim muslims islam islamic jew jews jewish
    judaism christian christians christianity catholic catholics hindu hindus sikh sikhs buddhist buddhists atheist
    atheists asian asians latino latinos latina latinas latinx hispanic hispanics arab arabs mexican mexicans
    immigrant immigrants migrant migrants refugee refugees disabled deaf autistic autism pregnant african africans
    """.split()
)
