"""The rules that drop one line of a body as boilerplate, as a table: each
row names a rule, its test (a pattern's match or search, or a predicate), the
most words a line it drops may have, and an example it must drop and one it
must keep. `is_boilerplate` runs the rows in order and can count which rule
dropped each line.

    >>> from collections import Counter
    >>> hits = Counter()
    >>> [is_boilerplate(t, hits) for t in ("Lesen Sie auch: Neue Brücke", "3 of 57", "Rain fell.")]
    [True, True, False]
    >>> sorted(hits.items())
    [('counter', 1), ('promo label', 1)]
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from newsspider.extraction import labels
from newsspider.extraction.body.access import PAYWALL_TEXT
from newsspider.extraction.dates.lines import is_date_line

WIDGET_HEADINGS = re.compile(
    r"^(related( news| stories| articles| posts| content| coverage| topics)?|trending( now| news| stories)?|"
    r"recent( news| posts| stories| articles)?|latest( news| stories| articles| posts)?|"
    r"(most )?(popular|read|viewed|shared)( news| stories| articles| now| today)?|top stories|stay connected|"
    r"most (read|popular|viewed|shared) in \S.{0,40}|"
    r"more (news|stories|from \S.*)|you (may|might) also like|recommended( for you| stories)?|"
    r"read (more|next|also)|also read|see also|editor'?s picks|don'?t miss|more on this( story)?|"
    r"tags?|topics|categories|share( this( article| story| post)?)?|follow us|comments?|"
    r"advertisement|sponsored( content)?|newsletter|sign up|subscribe|"
    # other languages: related and most-read lists, contact and info boxes, sharing and rating
    r"(notas|noticias|artículos) relacionad[oa]s|contenido relacionado|más noticias|últimas noticias|"
    r"lo más (leído|visto)|te puede interesar|le puede interesar|leia também|veja também|"
    r"articles similaires|sur le même sujet|(à )?lire aussi|ähnliche artikel|verwandte artikel|"
    r"weitere artikel|das könnte sie auch interessieren|meistgelesen(e)?( artikel)?|schon gelesen\??|"
    r"weitere informationen|zusatzinformationen|kontakt|teilen mit|bewerten|wird geladen\W*|"
    r"bild anzeigen|view comments|release date|zobacz (też|także)|czytaj (też|także)|"
    r"(kategorie|category|rubrik)\s*:|(das )?(\w+ )?könnte (dich|sie|euch) auch interessieren|más sobre \S.{0,40}|"
    r"weitere (\w+ )?(themen|artikel|beiträge|nachrichten|meldungen|links|\w*tipps)\b[^.!?]{0,40}|weitere infos\b.{0,40}|"
    r"top[- ]themen\b.{0,40}|"
    r"quellen(angaben)?|originalpublikation|weiterführende[rn]? (links?|literatur)|zum weiterlesen|"
    # a press contact box: "Pressekontakt:", "Ansprechpartnerin zum Thema:", "Media contact"
    r"(presse|medien)kontakte?|ansprechpartner(in)?( presse)?( zum thema| bei .{1,40})?|(media|press) contacts?|"
    r"über diese (reihe|serie)|"
    # "Also on example.com", "Next article", "Beiträge aus dem Forum": a list of links to other pages follows
    r"(auch|also|more|mehr|más|aussi) (auf|on|at|bei|en|sur) [\w-]+(\.[\w-]+)*\.[a-z]{2,4}|"
    r"(vorschau auf den )?(nächsten?|vorherigen?) (artikel|beitrag)|(next|previous) (article|post|story)|"
    r"(beiträge|posts|threads) (aus dem|from the) forum|teilnehmende blogs|"
    r"(keine|\d+) kommentare|kommentierte artikel|inhaltsverzeichnis|table of contents|teilen|von|"
    # "Weitere Beiträge aus der Kolumne:", "More from our partners:": the heading of a link list
    r"(weitere|mehr|more|other|further|ähnliche|autres|más|otras?|otros)\b[^.!?]{0,50}:)\s*:?$",
    re.I,
)
PROMO = re.compile(
    r"^\[?(in other (related )?news,? )?"
    + labels.either(
        (
            *labels.READ_MORE,
            "read next",
            r"also(?=\s*:)",
            "related",
            "more",
            "watch",
            "listen",
            "click here",
            "recommended",
            "must read",
            "don'?t miss",
            *labels.READ_MORE_OTHER,
        )
    )
    + r"\b\s*[:\-–—]?",
    re.I,
)
#: a promo label and a colon: "Lea: …", "MIRA: …", "Czytaj też: …?" (a link, whatever ends it)
PROMO_LABEL = re.compile(
    r"^("
    + "|".join(
        (
            *labels.READ_MORE,
            "required reading",
            "auch lesen",
            "lea más",
            "lee más",
            "mira también",
            *labels.READ_MORE_OTHER,
        )
    )
    + r"|dowiedz się więcej|lea|lee|mire|mira|vea|ver|puedes ver|vea también|ver también|te puede interesar|"
    r"le puede interesar|leia|veja|saiba mais|schon gelesen|weiterlesen|czytaj (też|także|więcej)|"
    r"zobacz (też|także)|läs också|les også|læs også|à voir aussi|potrebbe interessarti)\s*[:»]",
    re.I,
)
PROMPT = re.compile(
    r"\b(sign up (for|to|here|now|today)|free sign up|subscribe (to|for|now)|newsletter|share (this|on)|follow us|"
    r"(we|this (site|website)) uses? cookies|accept (all )?cookies|cookie (policy|settings|consent)|"
    r"type to search|search for:|enable javascript|your browser|download (our|the) app|"
    r"all rights reserved|copyright ©|©\s*\d{4}|click to share|opens in (a )?new window|"
    r"download the .{1,40} apps?|follow (the )?\S+ on (twitter|facebook|instagram|x)|"
    r"submit your letter|um kommentare zu schreiben|pour lire la suite|"
    r"pour accéder en illimité|hazte miembro|suscríbete|abonnez-vous|jetzt abonnieren|"
    r"escucha esta nota|nicht eingeloggt|not logged in|(have|got) a (news )?tip|send (us )?(a |your )?(news )?tips?|"
    r"permission to load|(click|klicken)\b.{0,60}\b(to load|zu laden)|"
    # newsletter and app pitches, comment and like counters, rights reserved
    r"never miss (a|an|the|our|any)|"
    # a pointer to more elsewhere: "… wherever you get your podcasts", "For more travel news, visit example.com",
    # "Scroll through the gallery below"
    r"wherever you get your podcasts|^(for more|to (learn|find out|read|see) more)\b[^!?]{0,100}\b(visit|stream|go to|"
    r"head to|head over to) (www\.)?[\w-]+\.[a-z]{2,}|\b(scroll|click|swipe) through (the |our )?(gallery|slideshow)\b|"
    r"be the first to (get|know|hear|read)|app for free|view comments|bloggern gefällt das|bloggers like this|"
    r"alle rechte vorbehalten|todos los derechos reservados|tous droits réservés|alle angaben ohne gewähr|"
    r"vervielfältigung nur mit|nuestro canal de|"
    # "Click here to …", "Join our WhatsApp channel", "Jetzt die neue Ausgabe bestellen!"
    r"click here|klicken sie hier|hier klicken|cliquez ici|haga clic aquí|clique aqui|"
    r"(canal|channel|kanal) (de|on|auf|in) (telegram|whatsapp)|(telegram|whatsapp)[- ]?(kanal|channel|canal)|"
    r"zapraszamy (też |także |również )?do (subskrypcji|prenumeraty)|jetzt\b[^.!?]{0,40}\b(bestellen|sichern)|"
    # a magazine's offer: "12 issues for £30", "Die neue Ausgabe jetzt am Kiosk, im Abo und als E-Paper"
    r"\d+ (issues|ausgaben|hefte) (for|für)|(aktuelle|neue|latest|current) (ausgabe|issue)\b[^.!?]{0,60}\b(kiosk|"
    r"newsstands?|im abo|e-?paper|bestellen)|"
    # a call to comment: "Tell us what you think", "Verraten Sie uns in den Kommentaren: …"
    r"(let us know|tell us|verraten sie( uns)?( gerne)?|schreib(t|en sie)?( uns)?)\b[^.!?]{0,40}\b(in den kommentaren|"
    r"in the comments)|^(tell us|let us know) what you think)\b|\w+newsletter\b|"
    # a copyright line: "Copyright Example Media 2019", a pager: "Showing 1 to 10 of 19 results"
    r"^copyright\b[^.!?]{0,60}\b(19|20)\d{2}\b|"
    r"^\W*(es werden (die )?(\w+ )?|showing (results )?|results )?\d+ (bis|to|-|–) \d+ (von|of) (insgesamt )?\d+\b|"
    r"^\*?(anzeige|werbung)\s*([:|*.-]|$)|"
    # a copyright notice: "©2023 Ana Ruiz", "Copyright ⓒ Daily News" (© is no word character, so no \b before it)
    r"(©|ⓒ)\s*\d{4}|\bcopyright\s*(©|ⓒ)",
    re.I,
)
#: a call to follow the site: "Follow Ana Ruiz on Instagram at …", "Síguenos en Telegram, …"
FOLLOW = re.compile(
    r"\W*(follow(?!-)|síguenos|siguenos|suivez-nous|folgen sie uns|folge uns)\b[^.!?]{0,80}\b(facebook|twitter|instagram|"
    r"tiktok|threads|linkedin|youtube|telegram)\b",
    re.I,
)
#: an affiliate disclosure: "… we may earn a commission", "This post contains affiliate links"
AFFILIATE = re.compile(
    r"\b(may|might|could) (earn|receive|get|collect) (a |an )?(small )?(share|portion|commission|compensation|fee|"
    r"affiliate)|\baffiliate[ -](links?|commissions?|fees?)\b|\bprovision(en)? erhalten\b",
    re.I,
)
#: the section an article is filed under, one line: "Kategorie: Technik" (no link list follows)
CATEGORY_LINE = re.compile(r"(kategorie|category|rubrik)\s*:\s*\S.{0,40}$", re.I)
#: a news agency's and editor's sign-off: "dpa/afp", "(ana/epd)"
AGENCY_SIGN = re.compile(r"\(?[a-zäöü]{2,5}(/[a-zA-Zäöü]{2,6}){1,3}\)?$")
#: a gallery or slide counter: "3 of 57", "3/57"
COUNTER = re.compile(r"^\d{1,3}\s*(of|/|von|de|sur|z)\s*\d{1,3}$", re.I)
#: the most words of a note after the text (a disclosure, a source, an editor's note)
BIO_MAX_WORDS = 80
#: a correction or editor's note on the article itself, not its text
EDITORS_NOTE = re.compile(
    r"^\W*((a|an) (previous|earlier) version of this (article|story|post)|editor['’]s note\s*:|"
    r"correction\s*:)",
    re.I,
)
#: where a syndicated research story comes from, and the paper it cites: "More information: Ana Ruiz
#: et al, …", "Materials provided by …", "Journal Reference:", "Cite This Page:"
SOURCE_NOTE = re.compile(
    r"^(more information\s*:|materials provided by\b|(journal references?|story source|cite this page)\s*:)",
    re.I,
)
#: a disclaimer, a subscription pitch or a call for letters: "… is for informational purposes only",
#: "We'll send the news straight to your inbox",
#: "Start your Premium subscription today.", "Special offer for Gear readers: …", "We'd like to hear
#: what you think about this or any of our articles."
DISCLAIMER = re.compile(
    r"\bfor (general )?informational purposes only\b|\bdoes not constitute (medical|legal|financial|investment) "
    r"advice\b|\bstart your\b[^.!?]{0,40}\bsubscription\b|\bspecial offer for [^.!?]{0,30}\breaders\b|"
    r"\bwe(['’]d| would)? (like|love|want) to hear what you think\b|"
    r"\b(delivered|sent|straight|right|directly) (right |straight |directly )?to your inbox\b|"
    # a pitch for money: "We have no paywall, so …", "Support us with 3 euros"
    r"\b(keine|no|without a) (bezahlschranke|paywall)\b|"
    r"\b(unterstütze|unterstützen sie|support)\b[^.!?]{0,30}\b(mit|ab|with|from|for) (nur |just |only )?[€$£]?\d+([.,]\d+)?\b|"
    # a pitch after the text: "If you enjoyed this article, become a member"
    r"\bif you (enjoyed|liked|value|appreciate) (this|our|reading this) (article|story|post|journalism|reporting)\b|"
    # a call for donations or subscribers: "Support our journalism", "Unterstütze uns …", "Wesprzyj nas …"
    r"\b(support (our|independent) (work|journalism)|consider (supporting|becoming a (sponsor|member|supporter))|"
    r"we need your help|already (a )?subscriber|unterstütze (uns|unsere arbeit|unseren journalismus|"
    r"unser magazin)|wesprzyj nas)\b",
    re.I,
)
#: a note on how the site picks and checks what it reviews, set above or below the text: "Our
#: recommendations are based on hours of testing", "Our editors independently select …"
EDITORIAL_POLICY = re.compile(
    r"\b(our|[\w-]+['’]s) (product )?(recommendations|picks) are based on\b|"
    r"\bour editors (thoroughly |independently )?(review|research|test|select|choose|fact-check)|"
    r"\bif you see (an )?(inaccurac(y|ies)|errors?|mistakes?) in our\b",
    re.I,
)
EDITORIAL_POLICY_WORDS = 150
#: how the article was made or where it first ran, as articles end: "Ana Ruiz contributed reporting.",
#: "(Reporting by …; editing by …)", "This story was originally published …", "This interview has been
#: edited for length and clarity."
PRODUCTION_NOTE = re.compile(
    r"\b(contributed (reporting|(additional )?(reporting )?to (this|the) (report|story|article))|"
    r"(has|have) been (lightly )?(edited|condensed)( and (condensed|edited))? for (length|clarity|brevity))\b",
    re.I,
)
#: the same at the start of a line
PRODUCTION_LEAD = re.compile(
    r"\(reporting by\b|\W*(this (story|article|post|interview|piece) (was |has been )?)?originally "
    r"(published|appeared|ran)\b|\W*(some )?(answers|responses|interviews?|quotes|reviews) (were|have been|has been) "
    r"(lightly )?edited for\b",
    re.I,
)
#: a share and view counter: "12 Shares 1,530 Views", "3 shares · 40 views"
COUNTERS = re.compile(r"\b\d[\d,.]*[km]?\s*shares?\W{0,3}\d[\d,.]*[km]?\s*views?\W*$", re.I)
#: who made a photo shoot, as magazine features end: "Styling: Ana Ruiz", "Hair and makeup: …"
SHOOT_CREDIT = re.compile(
    r"^((hair|make-?up|hair and make-?up|styling|stylist|grooming|nails|manicure|prop styling|set design|"
    r"lead image|tailoring|photography)( assistance| assistant)?\s*:|(photographed|styled) by\s)\s*\S.{0,150}$",
    re.I,
)
#: a row of links set apart by bars has this many links at least, of this many words at most
LINK_BAR_LINKS = 3
LINK_BAR_WORDS = 6
#: a CMS shortcode left unrendered: "[button link=…]Send us your photos[/button]" (a short label in
#: it; a code block in one, "[sourcecode]…[/sourcecode]", is text)
SHORTCODE = re.compile(
    r"^\[(?!(source)?code\b|sourcecode\b)(\w+)\b[^\]]*\][^\[\]]{0,80}\[/\2\]$|^\[/?\w+(\s+\w+=[^\]]*)+\]$"
)
AVATAR = re.compile(r"^(picture|photo|image|avatar|profile( picture| photo)?) of\b", re.I)
CREDIT = re.compile(
    r"^((source )?\(?(photo|image|picture|video|graphic|illustration|foto|bild|quelle|crédit|crédito|"
    r"fotografía|imagen|beitragsbild|titelbild|bildquelle|bildnachweis)s?( credit)?|credit|source|"
    r"caption|copyright|(crédits?|credits?) (photos?|images?))(\s*[:/]|\s+by\b)\s*\S.{0,120}$|^fot\.\s+\S.{0,80}$|©\s*[^\d\s©][^©]{0,60}$|[(\[](photo|image|credit|foto|bild|crédito|imagen|fuente)s?\s*:[^)\]]{0,80}[)\]]\W*$",
    re.I,
)


def is_link_bar(line: str) -> bool:
    """A row of links set apart by bars, under an optional label: "Rankings: Teams | Players | Schools"
    (not a table row, which starts with a bar, nor sentences).

    >>> is_link_bar("Results: Men | Women | Juniors"), is_link_bar("| Team | Points | Wins |")
    (True, False)
    """
    if line.startswith("|") or line.count(" | ") < LINK_BAR_LINKS - 1:
        return False
    label, *links = (part.strip() for part in line.split("|"))
    return len(label.split()) <= LINK_BAR_WORDS + 2 and all(
        0 < len(link.split()) <= LINK_BAR_WORDS and not link.endswith((".", "!", "?"))
        for link in links
    )


def _promo(line: str) -> bool:
    """A promo label and the headline it links to, not a sentence."""
    return bool(PROMO.match(line)) and not line.endswith((".", "?", "!", "”", '"'))


@dataclass(frozen=True)
class Rule:
    """One boilerplate rule: `test` a line of at most `max_words` words
    (None: any), `drops` an example it must drop, `keeps` one it must keep."""

    name: str
    test: Callable[[str], object]
    max_words: int | None
    drops: str
    keeps: str

    def applies(self, line: str, words: int) -> bool:
        return (self.max_words is None or words <= self.max_words) and bool(self.test(line))


RULES = (
    Rule("widget heading", WIDGET_HEADINGS.match, None, "Related News", "Related reports said the river rose."),
    Rule("avatar", AVATAR.match, None, "Picture of Ubaid", "A picture of calm on the lake."),
    Rule("date line", is_date_line, None, "10.12.2022, 07:00 Uhr", "The storm of 10.12.2022 flooded cellars."),
    Rule("counter", COUNTER.match, None, "3 of 57", "3 of 57 houses flooded"),
    Rule("agency sign", AGENCY_SIGN.match, None, "dpa/afp", "The dpa/afp report came late."),
    Rule("category line", CATEGORY_LINE.match, None, "Kategorie: Technik",
         "Category: a sentence that goes on well beyond forty characters of text."),
    Rule("shortcode", SHORTCODE.match, None, "[button link=x]Send us your photos[/button]",
         "[sourcecode]print(1)[/sourcecode]"),
    Rule("share counter", COUNTERS.search, 15, "12 Shares 1,530 Views", "It sold 12 shares of stock to 40 viewers."),
    Rule("link bar", is_link_bar, None, "Results: Men | Women | Juniors", "| Team | Points | Wins |"),
    Rule("shoot credit", SHOOT_CREDIT.match, 30, "Styling: Ana Ruiz", "Styling the room took a week."),
    Rule("prompt", PROMPT.search, 40, "Sign up for our newsletter", "She signed the letter."),
    Rule("paywall prompt", PAYWALL_TEXT.search, 30, "Conteúdo exclusivo para assinantes. Assine para continuar lendo.",
         "Readers can subscribe to the paper at the kiosk."),
    Rule("credit", CREDIT.search, 40, "Photo: Ana Ruiz", "The photo shows the flood."),
    Rule("follow", FOLLOW.match, 40, "Follow Ana Ruiz on Instagram", "Follow the river to the old mill."),
    Rule("affiliate", AFFILIATE.search, BIO_MAX_WORDS, "We may earn a commission from links on this page.",
         "The firm may earn more this year."),
    Rule("editor's note", EDITORS_NOTE.match, BIO_MAX_WORDS, "Editor's note: This story was updated.",
         "The editor noted the change."),
    Rule("source note", SOURCE_NOTE.search, BIO_MAX_WORDS, "More information: Ana Ruiz et al, Nature (2024).",
         "We need more information about the flood."),
    Rule("disclaimer", DISCLAIMER.search, BIO_MAX_WORDS, "This article is for informational purposes only.",
         "The guide gives information on flood insurance."),
    Rule("editorial policy", EDITORIAL_POLICY.search, EDITORIAL_POLICY_WORDS,
         "Our editors independently select every product.", "The editors met on Monday."),
    Rule("production note", PRODUCTION_NOTE.search, 40, "Ana Ruiz contributed reporting.",
         "Ana Ruiz reported from the coast."),
    Rule("production lead", PRODUCTION_LEAD.match, 40, "This story was originally published in The Times.",
         "The story was published on Monday."),
    Rule("promo label", PROMO_LABEL.match, 25, "Lesen Sie auch: Neue Brücke", "Lesen Sie den Bericht."),
    Rule("promo", _promo, 25, "Read next Dry spell ends", "Read more about the flood in our guide."),
)  # fmt: skip


def is_boilerplate(line: str, hits: Counter | None = None) -> bool:
    """One short block that is a prompt, a promo, a credit, a widget heading
    or a bare date and time: the first of the `RULES` that drops it is
    counted in `hits`.

    >>> is_boilerplate("10.12.2022, 07:00 Uhr"), is_boilerplate("Lesen Sie auch: Neue Brücke")
    (True, True)
    """
    words = len(line.split())
    for rule in RULES:
        if rule.applies(line, words):
            if hits is not None:
                hits[rule.name] += 1
            return True
    return False
