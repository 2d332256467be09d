"""Stop words by language (ISO 639-1): the most frequent function words, lower-case.

Data for the `stop_word_share` quality signal: a share of running text that is function words is
what separates prose from lists, menus and keyword spam (Gopher keeps documents with at least two
English stop words). The lists are short on purpose (articles, pronouns, prepositions,
conjunctions, auxiliaries); adding a language is a data edit here.
"""

from __future__ import annotations

_LISTS = {
    "en": """a an the and or but if of to in on at by for with from as into about than then
        that this these those it its is are was were be been being have has had do does did not
        no so i you he she we they me him her us them my your his our their there here what
        which who whom will would can could should may might must shall also just very""",
    "de": """der die das den dem des ein eine einen einem einer eines und oder aber wenn als
        wie auch noch nur nicht kein keine mit von zu zum zur bei aus nach vor für über unter
        um an auf in im ist sind war waren sein hat haben hatte wird werden wurde kann können
        ich du er sie es wir ihr man sich dass daß so doch schon sehr was wer dies diese dieser""",
    "fr": """le la les un une des du de d l et ou mais si que qui quoi dont où en dans sur sous
        par pour avec sans au aux ce cet cette ces il elle ils elles on je tu nous vous me te se
        lui leur leurs son sa ses mon ma mes est sont était être a ont avait avoir ne pas plus
        très aussi comme tout tous y c qu n s j""",
    "es": """el la los las un una unos unas y o pero si que quien cual donde cuando como de del
        al a en con sin por para sobre entre es son era fue ser está están estar ha han haber
        hay no ni muy más también ya yo tú él ella nosotros ellos ellas se le les lo me te nos
        mi su sus este esta estos estas ese esa eso porque""",
    "it": """il lo la i gli le un uno una e ed o ma se che chi cui dove quando come di del della
        dei delle degli al alla ai alle a da dal dalla in nel nella con su per tra fra è sono era
        essere ha hanno avere non più anche molto io tu lui lei noi voi loro si mi ti ci vi ne
        questo questa quello quella perché""",
    "pt": """o a os as um uma uns umas e ou mas se que quem qual onde quando como de do da dos
        das ao à aos em no na nos nas com sem por pelo pela para sobre entre é são era foi ser
        está estão estar tem têm ter há não mais muito também já eu tu ele ela nós eles elas
        lhe me te seu sua seus suas este esta isso isto porque""",
    "nl": """de het een en of maar als dan dat die dit deze wie wat waar wanneer hoe van voor
        met zonder door naar over onder bij uit aan in op te is zijn was waren ben heeft hebben
        had wordt worden werd kan kunnen niet geen ook nog al zeer ik jij je hij zij ze wij we
        jullie u mij me hem haar ons hun er zich omdat""",
    "sv": """en ett den det de och eller men om att som vem vad var när hur av för med utan
        genom till från över under vid ur på i är var vara har hade blir blev kan inte ingen
        också redan mycket jag du han hon vi ni dem mig dig honom henne oss sin sitt sina min
        mitt mina här där så""",
    "pl": """i a o w we z ze na do od po za przez przy pod nad dla bez u że jak gdy gdzie kto co
        który która które jest są był była było być ma mają mieć nie tak też już bardzo ja ty
        on ona ono my wy oni one się mnie mi go jej ich jego ten ta to te tego tej tym czy ale
        lub albo""",
    "ru": """и а но или в во на с со к ко по о об от до из за для без при под над у что как
        когда где кто который которая которые это этот эта эти тот та те не ни же ли бы был
        была было были быть есть я ты он она оно мы вы они его ее её их мне меня себя так уже
        очень все всё""",
}

#: Stop words of each language with a list.
STOP_WORDS: dict[str, frozenset[str]] = {
    language: frozenset(words.split()) for language, words in _LISTS.items()
}
