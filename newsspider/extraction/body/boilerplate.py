"""Remove the boilerplate trafilatura leaves in a body.

Works on paragraphs (one text block each). Rules are generic, for news pages
in general: widget headings and the link lists under them, "also read" and
"read more" promos, share / newsletter / cookie / donation prompts, search
boxes, avatar alt text, photo credits, agency sign-offs, notes on how the
story was made, notes on the author or (in a press release) the company, the
readers' comment thread at the end, a list of headlines ending the body, a
byline at the top, and the headline repeated as the first line (with a section
label above it).

    >>> clean_paragraphs([
    ...     "Rain floods town", "Picture of Ubaid", "Water rose fast in the night and people left home.",
    ...     "In other related news also read Dry spell ends", "Related News", "Dry spell ends",
    ...     "Trending", "Type to Search"], title="Rain floods town")
    ['Water rose fast in the night and people left home.']
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from newsspider.extraction import labels
from newsspider.extraction.dates.lines import is_date_line
from newsspider.extraction.titles.choose import norm

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
#: a note on the author, as articles end: "Ana Ruiz is a senior reporter for …", "Ben's work has appeared in …"
AUTHOR_BIO = re.compile(
    r"^([A-ZÀ-ÖØ-ÞА-Я][\w'’.-]*\s+){1,3}(\([^)]{1,20}\)\s+)?(is|was|has been) (a|an|the|one of|[A-Z]\w+['’]s)\s[^.!?]{0,80}?"
    r"(?i:\b(writer|reporter|editor|journalist|correspondent|columnist|contributor|freelancer|producer|critic|"
    r"redakteur|redakteurin|journalistin|korrespondent|korrespondentin|autorin|periodista|redactora?|journaliste|"
    r"rédacteur|rédactrice)s?\b)|^([A-ZÀ-ÖØ-ÞА-Я][\w'’.-]*\s+){0,2}[A-ZÀ-ÖØ-ÞА-Я][\w.-]*['’]s work has appeared\b|"
    r"^([A-ZÀ-ÖØ-ÞА-Я][\w'’.-]*\s+){2,3}(writes|reports) (about|on)\b|"
    # how to reach the author: "Ana Ruiz can be reached at …", "Reach the reporter on X at …"
    r"(?i:^[^.!?]{0,60}\bcan be reached (at|on|via)\b|^•?\s*reach (him|her|them|the (reporter|author|writer)s?) (at|on|via)\b|"
    r"^(contact|email|e-mail) (the )?(reporter|writer|author|columnist)s?\b)"
)
#: lines at the end of a body checked for a note on the author
BIO_TAIL_LINES = 4
BIO_MAX_WORDS = 80
#: what a longer note on the author says: where their work appeared, their books and degrees, their
#: free time, where to follow them ("Her work has appeared in …", "He holds a degree in …")
BIO_SIGNS = re.compile(
    r"\b((work|writing) has (also )?appeared (in|on)|(she|he|they) (is|was|are) the (co-?)?authors? of|"
    r"(holds?|has) (a |an )?(\w+ )?(degrees?|phd|master['’]?s|bachelor['’]?s) (in|from)|"
    r"in (his|her|their) (free|spare) time|(you can )?follow (him|her|them) on)\b",
    re.I,
)
#: a longer note on the author needs this many signs (a note of the short kind counts as one)
BIO_SIGNS_NEEDED = 2
BIO_LONG_WORDS = 200
#: the note on the company that ends a press release: "Acme is a leading global provider of …",
#: and what may follow it: "Acme is headquartered in Oslo, employs about 900 people …"
COMPANY_PROFILE = re.compile(
    r"[A-Z][\w&.,'’\- ]{1,50} (is|are) (a|an|the|one of the) ([\w-]+ ){0,4}(global|leading|world|international|"
    r"worldwide|independent|[\w-]+-based)\b[^.]{0,100}\b(provider|company|supplier|leader|manufacturer|developer|"
    r"organi[sz]ation|firm|group|network|agency)s?\b"
)
COMPANY_SIGNS = re.compile(
    r"\b(headquartered in|employs (around|about|approximately|over|more than|some) [\d,.]+|(is|are) listed on\b|"
    r"(is|are) traded on\b|for more information,? (please )?visit)",
    re.I,
)
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
#: a byline at the top of the body: "By Ana Ruiz", "posted on by Ben Ode," (a name, no sentence)
TOP_BYLINE = re.compile(
    r"^(?i:((posted|published|written)( on)?\s+)?by)\s+[A-ZÀ-ÖØ-Þ@][^.!?:;]{0,60}$"
)
TOP_BYLINE_WORDS = 8
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
#: a reader's comment: its reply button run into its last line ("… as well.Reply"), or a quote of
#: another comment ("ana_r said:The case …"); this many of them and the body ends in a comment thread
COMMENT_MARK = re.compile(r"(^|[\w.!?)\"'’”]\s?)Reply$|^[\w.-]{2,30} said:\S")
COMMENT_MARKS = 2
#: lines before the first comment mark searched for the separator where its comment begins
COMMENT_LINES = 8
CONTROL = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]"
)
SHORT_WORDS = 12
#: the most words a kicker before the headline has ("Exclusive", "Breaking news")
KICKER_WORDS = 2
#: a list of at least this many headlines ends the body: links to other articles
#: (items of this many words or more, this share of them capitalised)
TEASER_ITEMS = 2
TEASER_MIN_WORDS = 4
TEASER_CAPITALS = 0.6
#: lines of a section label or kicker above the headline, and their most words ("Politics", "Arts · Books")
KICKER_LINES = 2
KICKER_LINE_WORDS = 4
#: a headline shorter than this (a name, a place) is no sign that a line ending in it is the headline
MIN_HEADLINE_WORDS = 4


def clean_text(text: str) -> str:
    """NFC, control and invisible characters removed, spaces collapsed.

    >>> clean_text("A\\u200b title\\x07  here ")
    'A title here'
    """
    text = unicodedata.normalize("NFC", CONTROL.sub("", text))
    return " ".join(text.split())


def is_boilerplate(line: str) -> bool:
    """One short block that is a prompt, a promo, a credit, a widget heading
    or a bare date and time.

    >>> is_boilerplate("10.12.2022, 07:00 Uhr"), is_boilerplate("Lesen Sie auch: Neue Brücke")
    (True, True)
    """
    words = len(line.split())
    if WIDGET_HEADINGS.match(line) or AVATAR.match(line) or is_date_line(line):
        return True
    if COUNTER.match(line) or AGENCY_SIGN.match(line) or CATEGORY_LINE.match(line):
        return True
    if SHORTCODE.match(line) or (words <= 15 and COUNTERS.search(line)) or is_link_bar(line):
        return True
    if words <= 30 and SHOOT_CREDIT.match(line):
        return True
    if words <= 40 and (PROMPT.search(line) or CREDIT.search(line) or FOLLOW.match(line)):
        return True
    if words <= BIO_MAX_WORDS and (AFFILIATE.search(line) or EDITORS_NOTE.match(line)):
        return True
    if words <= BIO_MAX_WORDS and (SOURCE_NOTE.search(line) or DISCLAIMER.search(line)):
        return True
    if words <= EDITORIAL_POLICY_WORDS and EDITORIAL_POLICY.search(line):
        return True
    if words <= 40 and (PRODUCTION_NOTE.search(line) or PRODUCTION_LEAD.match(line)):
        return True
    if words <= 25 and PROMO_LABEL.match(line):
        return True
    return words <= 25 and bool(PROMO.match(line)) and not line.endswith((".", "?", "!", "”", '"'))


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


def clean_paragraphs(paragraphs: list[str], title: str | Sequence[str] | None = None) -> list[str]:
    """The paragraphs that are article text. Decisions are taken line by line
    (a block may hold several lines); a block keeps the lines that survive.
    `title` is the headline, or several spellings of it, dropped from the top.

    >>> clean_paragraphs(["Roses are red,\\nShare this", "Trending", "Top ten"])
    ['Roses are red,']
    >>> clean_paragraphs(["Rain floods town", "12.03.2024, 09:00", "Rain floods old town", "Water rose."],
    ...                  ["Rain floods town", "Rain floods old town"])
    ['Water rose.']
    """
    keys = [norm(t) for t in ([title] if isinstance(title, str) else title or ()) if t]
    lines = [(i, clean_text(line)) for i, p in enumerate(paragraphs) for line in p.split("\n")]
    lines = drop_headline([(i, line) for i, line in lines if line], keys)
    lines = lines[: comment_start(lines)]
    kept: list[tuple[int, str]] = []
    in_widget = False
    for i, line in lines:
        head = line.strip("#-| ")  # a heading, or a one-cell table row
        if "|" not in head and WIDGET_HEADINGS.match(head):
            in_widget = True  # drop the heading and the link list under it
            continue
        if in_widget and len(line.split()) <= SHORT_WORDS and not line.endswith((".", "?", "!")):
            continue
        in_widget = False
        if not kept and len(line.split()) <= TOP_BYLINE_WORDS and TOP_BYLINE.match(line):
            continue  # a byline above the text
        if not is_boilerplate(line.lstrip("- ")):
            kept.append((i, line))
    kept = kept[: teaser_list_start(kept)]
    blocks: dict[int, list[str]] = {}
    for i, line in drop_headline(kept, keys):  # a headline under a kicker or a date just dropped
        blocks.setdefault(i, []).append(line)
    drop_author_notes(blocks)
    drop_company_profile(blocks)
    return ["\n".join(block) for block in blocks.values() if block]


def teaser_list_start(lines: list[tuple[int, str]]) -> int | None:
    """Where a list of headlines at the end of the body begins: links to other
    articles, left without their widget heading (None if the body ends otherwise).
    A list the text announces (the line before it ends in a colon) is text.

    >>> teaser_list_start([(0, "The lake froze early."), (1, "- Ten Best Winter Walks"), (2, "- Why Frozen Lakes Crack")])
    1
    >>> teaser_list_start([(0, "You will need:"), (1, "- Two Big Pans"), (2, "- Fresh Eggs")]) is None
    True
    """
    start = len(lines)
    while start and is_teaser_item(lines[start - 1][1]):
        start -= 1
    if len(lines) - start < TEASER_ITEMS or not start or lines[start - 1][1].endswith(":"):
        return None
    return start


def is_teaser_item(line: str) -> bool:
    """A list item that reads like a headline: a few words, most capitalised, no sentence end.

    >>> is_teaser_item("- 12 Strange Facts About the Moon"), is_teaser_item("- Stir in the flour and salt.")
    (True, False)
    """
    if not line.startswith("- "):
        return False
    words = line[2:].split()
    capitals = sum(w[0].isupper() or w[0].isdigit() for w in words)
    return (
        TEASER_MIN_WORDS <= len(words) <= SHORT_WORDS + 3
        and not line.endswith((".", "!", ":", ";", ","))
        and capitals >= TEASER_CAPITALS * len(words)
    )


def drop_headline(lines: list[tuple[int, str]], keys: list[str]) -> list[tuple[int, str]]:
    """`lines` without the headline (any of the comparison `keys`) at their top,
    nor the section label or kicker lines just above it ("Politics", "Arts · Books").

    >>> drop_headline([(0, "World"), (1, "Rain floods the old town"), (2, "Water rose.")],
    ...               [norm("Rain floods the old town")])
    [(2, 'Water rose.')]
    """
    start = 0
    while start < len(lines) and any(is_headline(lines[start][1], key) for key in keys):
        start += 1
    for above in range(1, KICKER_LINES + 1):
        if start or above >= len(lines) or not is_kicker_line(lines[above - 1][1]):
            break
        if any(is_headline(lines[above][1], key) for key in keys):
            return drop_headline(lines[above:], keys)
    return lines[start:]


def is_kicker_line(line: str) -> bool:
    """A short label on a line of its own (a section name, a kicker), not a
    sentence, nor a fragment (a dateline cut short: "Posted on") ending in a
    word in lower case.

    >>> is_kicker_line("Arts · Books"), is_kicker_line("Posted on"), is_kicker_line("It rained.")
    (True, False, False)
    """
    words = line.split()
    return (
        0 < len(words) <= KICKER_LINE_WORDS
        and not line.rstrip().endswith((".", "!", "?", ":"))
        and not words[-1].islower()
    )


def comment_start(lines: list[tuple[int, str]]) -> int | None:
    """Where the comment thread at the end of the body begins (None: no thread,
    or nothing but the thread: a page of posts is left whole).

    >>> comment_start([(0, "Rain fell."), (1, "-"), (2, "So wet. Reply"), (3, "-"), (4, "Ana said:So wet.")])
    1
    """
    marks = [n for n, (_, line) in enumerate(lines) if is_comment_mark(line)]
    if len(marks) < COMMENT_MARKS:
        return None
    start = marks[0]
    for n in range(start - 1, max(start - COMMENT_LINES, 0) - 1, -1):
        if not any(c.isalnum() for c in lines[n][1]):  # a separator between comments
            start = n
            break
    return start or None


def is_comment_mark(line: str) -> bool:
    """Whether `line` ends a reader's comment or quotes one.

    >>> is_comment_mark("Nice case, shame about the fans.Reply"), is_comment_mark("ana_r said:Nice case.")
    (True, True)
    >>> is_comment_mark("She said: the reply came late.")
    False
    """
    return (line.endswith("Reply") or " said:" in line[:40]) and bool(COMMENT_MARK.search(line))


def is_headline(line: str, key: str) -> bool:
    """Whether `line` is the headline (comparison key `key`), alone or after a
    short kicker: "Exclusive", "Breaking news", "Analysis".

    >>> is_headline("EXCLUSIVE Rain floods old town", norm("Rain floods old town"))
    True
    >>> is_headline("Heavy rain overnight: Rain floods town", norm("Rain floods town"))
    False
    >>> is_headline("Hotel Seeblick Lindau", norm("Lindau"))
    False
    """
    text = norm(line)
    if text == key:
        return True
    kicker = text[: -len(key)].split()
    return (
        len(key.split()) >= MIN_HEADLINE_WORDS
        and text.endswith(" " + key)
        and len(kicker) <= KICKER_WORDS
    )


def is_author_note(line: str) -> bool:
    """A short note on who wrote the article.

    >>> is_author_note("Ana Ruiz is a senior reporter for the Daily Courier, covering courts.")
    True
    >>> is_author_note("The mayor is a former reporter who covered the council for years.")
    False
    >>> is_author_note("Ben writes on rockets. His work has appeared in Sky Weekly. He holds a degree in physics.")
    True
    """
    words = len(line.split())
    if words > BIO_LONG_WORDS:
        return False
    bio = bool(AUTHOR_BIO.match(line))
    if bio and words <= BIO_MAX_WORDS:
        return True
    return bio + len(BIO_SIGNS.findall(line)) >= BIO_SIGNS_NEEDED


def drop_author_notes(kept: dict[int, list[str]]) -> None:
    """Remove notes on the author among the last lines of the body, in place."""
    tail = _last_lines(kept)
    for i, j in tail:  # last lines first, so the indexes stay valid
        if is_author_note(kept[i][j]):
            del kept[i][j]


def _last_lines(kept: dict[int, list[str]]) -> list[tuple[int, int]]:
    """(block, line) of the body's last `BIO_TAIL_LINES` lines, the last first."""
    return [(i, j) for i in reversed(kept) for j in reversed(range(len(kept[i])))][:BIO_TAIL_LINES]


def drop_company_profile(kept: dict[int, list[str]]) -> None:
    """Remove the note on the company that ends a press release ("Acme is a leading
    provider of …", "Acme is headquartered in …") among the last lines of the body, in place.

    >>> body = {0: ["Acme will open a plant in May."], 1: ["Acme is a leading global provider of pumps."],
    ...         2: ["Acme is headquartered in Oslo and employs about 900 people."]}
    >>> drop_company_profile(body); body
    {0: ['Acme will open a plant in May.'], 1: [], 2: []}
    """
    tail = _last_lines(kept)
    for n, (i, j) in enumerate(tail):
        if COMPANY_PROFILE.match(kept[i][j]) and all(
            COMPANY_SIGNS.search(kept[a][b]) for a, b in tail[:n]
        ):
            for a, b in tail[: n + 1]:  # last lines first, so the indexes stay valid
                del kept[a][b]
            return
