"""Risks told as plain facts, read by theme: "Our parent group runs Guidewire everywhere", "Dieter retires at
the end of June", "The reinsurer rejected our first batch", "team leads told adjusters the app is optional".

A CSM hears these as risks although no word like "concern" or "worry" is said. Each theme is the Customer
Success vocabulary of one kind of risk (CS_DOMAIN.md: a departing champion or sponsor, falling usage, rising
tickets, falling NPS, a renewal with unmet goals; and competitor pressure, budget freezes, re-orgs,
mandates, audits, outages, stalled third parties, unhappy end users, the product made optional). A theme
must be said of the account, so each pattern names the thing at risk, not just a negative word; signals.py
adds the weight to the cue score of the sentence (extract_risks only: sentiment and health keep their cues).
"""

from __future__ import annotations

import re

from bot.core.skills.risk_numbers import metric_trend, minority_share

# Each theme: (name, weight, pattern). Weight 2 lets a theme stand as a risk on its own; 3 weighs a theme that
# outranks the rest (the account may leave, or lose the person who bought).
_THEMES: tuple[tuple[str, int, str], ...] = (
    # The customer questioning the product: "whether this is the right platform", "what we get for the money".
    ("platform doubt", 3, (
        r"(?:whether|if) (?:this|it|you|we|the \w+(?: \w+)?) (?:is|are|['’]s|['’]re) (?:really |still )?(?:the "
        r"right|a good|the best|worth)|(?:the )?(?:right|wrong) (?:platform|tool|fit|product|system|partner|vendor|"
        r"choice) for|(?:simpler|cheaper|different|other|another|alternative) (?:tool|platform|system|product|"
        r"vendor|solution|provider)s?\b|second thoughts|(?:re-?evaluat|reconsider|rethink|question)\w* (?:the |this "
        r"|whether |if |our |us |you)|worth (?:the money|the cost|the price|renewing)|do (?:we|they) (?:really |"
        r"even )?need (?:this|it|you)\b|what (?:we|they|I) (?:actually |really |even )?get (?:for|out of) (?:the|"
        r"our|their|this|it)|(?:prove|justify|show) (?:the )?(?:value|roi|spend|cost)\b|(?:doesn['’]t|don['’]t|"
        r"didn['’]t) see (?:the|much|any) value|why (?:we|they|I) (?:pay|are paying|need|have|keep)\b|(?:two|both|"
        r"several|multiple) (?:\w+ )?(?:apps|tools|platforms|systems|vendors|products)\b(?=.{0,60}\b(?:why|pay|both|"
        r"instead|consolidat|since)\b)"
    )),
    # A parent company, group or headquarters standardizing on another product, or an M&A change.
    ("standardization", 3, (
        r"standardi[sz]\w*|consolidat\w+ (?:on|onto|vendors|tools|platforms|systems)|odd one out|(?:parent|holding|"
        r"sister|mother) (?:company|group|org\w*)|(?:group|corporate|headquarters|hq|the new "
        r"owners)\b.{0,40}\b(?:uses?|runs?|is on|are on|wants?|prefers?|mandates?)\b|(?:one|single) (?:\w+ "
        r"){0,2}(?:stack|platform|vendor|system|tool) (?:for|across|by|everywhere)|on the list to (?:review|replace|"
        r"consolidate|move)|(?:runs?|uses?) \w+ (?:everywhere|across (?:all|every|the group))|(?:were|was|got|been|"
        r"being) (?:acquired|bought)|acquisition|merger|merging with"
    )),
    # The sponsor, champion or main contact leaving: retirement, leave, a new job or office, a successor.
    ("departure", 3, (
        r"retir(?:e|es|ing|ement)\b|stepp?(?:ing|s|ed)? down|(?:going|goes|went) on (?:\w+ )?leave|new job|moving "
        r"on\b|(?:his|her|their|my) last (?:day|week|month)|no longer (?:with|at|on|in charge)|takes? over from|"
        r"(?:nobody|no one) (?:takes|will take|has taken) over|(?:i['’]m|i am|he['’]s|she['’]s|he is|she is|"
        r"they['’]re|is|are) (?:moving|relocating|transferring) (?:over |across )?to (?:our|the|a|another|their|his|"
        r"her) (?:\w+ ){0,2}(?:office|team|role|plant|site|division|position|job|department|company|group|unit|"
        r"business)|will be (?:your|the) (?:new |main |primary )?(?:point of )?contact|(?:nobody|no one|"
        r"no-one)(?:['’]s| has| is)? (?:been )?(?:named|appointed|assigned|picked|chosen|identified)|not (?:been "
        r")?(?:named|appointed) yet|(?:no|without an?) (?:successor|replacement|backup|interim)\b|(?:interviewing|"
        r"hiring|recruiting|looking for) (?:\w+ )?(?:replacement|successor|externally|internally|someone new)\b|"
        r"could (?:be|take) months\b"
    )),
    # New leadership, or a new contact who has not bought in or got up to speed yet.
    ("new leadership", 2, (
        r"\bnew (?:\w+ ){0,2}(?:director|vp|cio|cfo|ceo|cto|coo|head|leadership|management|sponsor|executive|"
        r"owner)s?\b(?=.{0,80}\b(?:ask|question|want|review|look|doubt|cut|change|wonder|isn['’]t|hasn['’]t|"
        r"doesn['’]t))|(?:still )?getting up to speed|new to (?:the|this) (?:role|account|platform|tool|job)"
    )),
    # An executive hearing of a problem, or asking why: attention no account team wants.
    ("executive attention", 2, (
        r"(?:coo|ceo|cfo|cio|cto|vp|svp|evp|board|executive|president|director|chief)\b.{0,40}\b(?:heard|found out|"
        r"learned|complained|escalated|is asking|was asking|asked (?:me |us )?(?:why|what|whether|how|if)|wants to "
        r"know (?:why|what|whether|how|if)|is (?:unhappy|upset|angry|frustrated|not happy))|not a good look|"
        r"(?:looks?|looked|make[sd]? (?:me|us) look) bad|(?:coo|ceo|cfo|cio|cto|vp|board|executive|president|"
        r"director|chief)\b.{0,40}\basked (?:\w+ ){0,3}(?:why|what|whether|how|if)\b"
    )),
    # Someone outside (an auditor, a regulator, a partner) rejecting the customer's work.
    ("rejected", 2, (
        r"rejected|refused|turned (?:it |us |them )?down|sent (?:it |them )?back|bounced (?:it |them )?back|"
        r"(?:won['’]t|wouldn['’]t|didn['’]t|did not|will not) (?:accept|approve|sign off)|failed (?:the|our|an?|"
        r"its) (?:audit|inspection|review|check|test|certification)|declined (?:to|our|the)|denied|(?:hasn['’]t|"
        r"haven['’]t|has not|have not) (?:yet )?(?:signed off|approved|cleared|given the go-ahead)|sent (?:\w+ "
        r"){1,3}back\b|(?:don['’]t|doesn['’]t|didn['’]t|do not|does not|won['’]t) (?:meet|match|pass|comply with) "
        r"(?:their|the|our|its) (?:\w+ )?(?:format|requirements?|standards?|spec\w*|rules|criteria|checks?)|flagged "
        r"(?:\w+ ){0,4}(?:as|for) (?:not|non|un|in|missing|wrong|incomplete|poor|insufficient)\w*"
    )),
    # The product made optional, or people kept on (or back on) the old way, or told the old way was better.
    ("optional", 2, (
        r"\boptional\b|(?:don['’]t|doesn['’]t|do not|does not|won['’]t) (?:have|need) to use|not (?:required|"
        r"mandatory)|(?:can|could|may) (?:still )?keep (?:using|working|doing|logging|entering)|(?:went|gone|going|"
        r"go|are|is) back to (?:paper|spreadsheets?|excel|email|fax|the old|whiteboards?|manual)|still (?:\w+ "
        r"){0,4}(?:paper|spreadsheets?|excel|whiteboards?|fax|by hand|the old (?:system|tool|one|way|app))\b|by "
        r"hand\b|(?:the )?old (?:system|tool|way|process|one|app|platform) (?:was|is|worked|felt) (?:\w+ "
        r")?(?:faster|better|easier|simpler|quicker)|(?:enter|enters|entering|type|key|keys|do|log|logs|record)\w* "
        r"(?:\w+ ){0,2}twice\b|double (?:entry|data entry|work|keying)|(?:on|with|from|in) their own (?:phones?|"
        r"devices?|laptops?|tools?|spreadsheets?|notebooks?)\b|still running in parallel|(?:run|running|runs) "
        r"(?:both|two systems) in parallel|still (?:\w+ ){0,4}(?:printed|print-?outs?|clipboards?|pen and paper|"
        r"post-its?|sticky notes)\b"
    )),
    # Usage, adoption or satisfaction falling or flat; tickets or complaints rising; a minority in the product.
    ("falling metric", 2, (
        r"(?:logins?|log-?ins|usage|adoption|active (?:users|managers|nurses|teachers)|engagement|sessions|activity|"
        r"nps|csat|satisfaction|scores?|ratings?|utili[sz]ation)\b(?:\s+\w+){0,5}?\s+(?:dropped|fell|went down|"
        r"declined|decreased|halved|slipped|tanked|dipped|sank|plunged|plummeted|(?:is|are|was|were) down)\b|(?:is|"
        r"are|has been|have been|stayed|stays|remains?|still) (?:pretty |basically |completely )?flat\b|plateau\w*|"
        r"stagnat\w+|(?:hasn['’]t|haven['’]t) (?:grown|picked up|taken off|caught on)"
    )),
    ("rising load", 2, (
        r"(?:tickets?|complaints?|escalations?|calls|errors?|incidents?|bugs?|defects?|backlog|"
        r"workarounds?)\b(?:\s+[\w-]+){0,5}?\s+(?:doubled|tripled|spiked|rose|went up|increased|jumped|climbed|"
        r"(?:is|are) up|piling up|keeps? (?:growing|climbing))\b"
    )),
    # A renewal coming while the goals it was bought for are not met.
    ("renewal at stake", 2, (
        r"renew\w*\b.{0,60}\b(?:haven['’]t|hasn['’]t|not yet|never|missed|short of|behind|unless|only if)|"
        r"(?:haven['’]t|hasn['’]t|not|never) (?:hit|met|reached|achieved)\b.{0,60}\brenew"
    )),
    # Money, time and people: frozen budgets, price pressure, restructuring, lost or missing staff.
    ("budget", 2, (
        r"(?:budgets?|spend\w*|headcount|hiring|travel)\b.{0,30}\b(?:frozen|freeze|cut|flat|on hold|reduced|slashed|"
        r"under review)|(?:price|cost) (?:increase|rise|hike)s?\b.{0,30}\b(?:problem|issue|hard|difficult|won['’]t|"
        r"can['’]t|no way)"
    )),
    ("capacity", 2, (
        r"restructur\w+|re-?org\w*|reorgani[sz]\w+|layoffs?|redundanc\w+|short[- ]?(?:staffed|handed)|understaffed|"
        r"stretched (?:thin|too)|short of (?:staff|people|\w+s)\b|too busy|no (?:time|bandwidth|capacity) (?:to|"
        r"for)|(?:don['’]t|doesn['’]t|do not|does not) have (?:the )?(?:time|bandwidth|capacity|resources|people|"
        r"staff|(?:\w+ )?(?:minutes|hours|days))\b|lost (?:\w+ ){0,2}(?:admins?|people|staff|members|engineers|"
        r"managers|leads|champions?|analysts?)\b|(?:nobody|no one|no-one) (?:is )?(?:maintain|own|looking after|"
        r"running|managing|in charge)\w*"
    )),
    # Work competing for the customer's people: "IT is tied up with the ERP migration until June".
    ("competing priorities", 2, (
        r"(?:tied up|busy|swamped|stretched|buried|occupied|consumed) (?:with|on|by) (?:the |our |a |their "
        r")?(?:[\w-]+ ){0,3}(?:migration|rollout|project|implementation|upgrade|launch|audit|merger|season|release|"
        r"go-live|cutover|reorg\w*|integration)|(?:can['’]t|cannot|won['’]t|couldn['’]t) (?:give|spare|free up|"
        r"commit|dedicate) (?:us |you )?(?:much |any |enough |more )?(?:time|people|resources|capacity|hours)|"
        r"(?:other|competing) priorities|(?:isn['’]t|is not|not) (?:a |the |their |our )?(?:top |high )?priority|"
        r"back burner|deprioriti\w+"
    )),
    # A date that will not hold: "the SSO work will probably slip", "July first feels aggressive".
    ("timeline", 2, (
        r"(?:will|would|could|might|may|is going to|are going to) (?:\w+ )?(?:slip|slide|be late|be delayed)\b|"
        r"(?:timeline|schedule|go-live|date|deadline|plan|window)\b.{0,40}\b(?:tight|aggressive|ambitious|"
        r"unrealistic|at risk|optimistic)\b|(?:feels?|looks?|seems?) (?:\w+ )?(?:aggressive|tight|unrealistic|"
        r"ambitious|risky)\b|not going to make (?:it|the)|behind (?:schedule|plan)"
    )),
    # Data the product depends on, in bad shape.
    ("data quality", 2, (
        r"(?:data|records?|master data|addresses|fields|codes|entries)\b.{0,40}\b(?:messy|dirty|incomplete|"
        r"inconsistent|out of date|outdated|duplicat\w+|missing|wrong|corrupt\w*)\b|(?:missing|wrong|bad|duplicate|"
        r"incomplete) (?:\w+ )?(?:data|records|codes|fields|entries)\b"
    )),
    # Nobody on the customer's side owning the work.
    ("ownership", 2, (
        r"(?:nobody|no one|no-one) (?:\w+ )?(?:owns|owning|is responsible|is accountable|is in charge|is driving|"
        r"drives)\b|no (?:clear )?(?:owner|ownership|accountability)\b|unclear (?:who|ownership)"
    )),
    # Outcomes promised without a way to show them.
    ("measurement", 2, (
        r"(?:no|don['’]t have (?:a|any)|haven['’]t (?:got|set|defined) (?:a|any)|without (?:a|any)) (?:\w+ "
        r")?(?:baseline|success (?:criteria|metrics|measures)|kpis?|targets?|benchmark)\b|can['’]t (?:measure|show|"
        r"prove|quantify) (?:the )?(?:roi|value|impact|savings|benefit)|(?:were|was|been) promised\b"
    )),
    # Price pressure and a competitive process.
    ("commercial pressure", 3, (
        r"(?:asked|asking|wants?|demand\w*|pushing|push) (?:us )?(?:for )?(?:a |an )?(?:[\w-]+ ){0,3}(?:discount|"
        r"price cut|lower price|price reduction)\b|\btender\b|\brfq\b|competitive (?:bid|quote|process)|(?:price|"
        r"cost|pricing)\b.{0,30}\b(?:too high|hard to justify)"
    )),
    # A bad experience with an earlier product, which colours this one.
    ("past failure", 2, (
        r"(?:last|previous|prior|old|other) (?:vendor|tool|system|rollout|implementation|project|attempt|"
        r"provider)\b.{0,60}\b(?:failed|burned|cancel\w+|disaster|went badly|didn['’]t work|never worked|abandoned|"
        r"scrapped)|got burned|burned before"
    )),
    # Something the customer needs that the product does not do yet, or no date for it.
    ("feature gap", 2, (
        r"(?:isn['’]t|is not|aren['’]t|are not|not) (?:yet )?(?:supported|available|possible|on the roadmap)\b|"
        r"(?:doesn['’]t|don['’]t|can['’]t|cannot) (?:yet )?(?:support|handle|offer)\b|no (?:date|timeline|eta|"
        r"timeframe) (?:yet|for)\b|can['’]t (?:promise|commit to|guarantee)\b|at the earliest\b"
    )),
    # Doubt about whether something will work or be wanted.
    ("doubt", 2, (
        r"(?:not|isn['’]t|aren['’]t) (?:\w+ )?(?:sure|convinced|clear) (?:if|whether|that|we|they|he|she|it|the|"
        r"your|our|this|anyone)\b|(?:don['’]t|do not|doesn['’]t) know (?:if|whether|yet)\b|unclear (?:if|whether)\b"
    )),
    # Audits, inspections, regulators and mandated deadlines.
    ("compliance", 2, (
        r"(?:have|has|got|facing|face|there['’]s|there is) (?:an?|the|our) (?:\w+ ){0,2}(?:audit|inspection|"
        r"accreditation|certification|review by)|(?:audit|inspection|accreditation)s? (?:is |are )?(?:on|in|next|"
        r"coming|due|scheduled|starts?|begins?)\b|auditors?\b|inspectors?\b|regulat(?:or|ors|ory)\b|(?:filing|"
        r"submission|deadline|attestation) (?:is |are )?due|(?:will|would|could) (?:write (?:it|us) up|fine us|flag "
        r"(?:it|us))|mandate[sd]?\b|mandatory"
    )),
    # Outages, broken, slow or failing work, and the workarounds people fall back on.
    ("outage", 2, (
        r"(?<!during the )(?<!after the )(?<!since the )(?<!about the )(?<!before the )(?<!about last week['’]s "
        r")outages?\b|(?:it|system|app|site|server|platform|portal|service|network|tool|everything|tills?|scanners?|"
        r"integration|feed|we)\s+(?:\w+\s+)?(?:went|was|were|is|are|go(?:es)?) (?:down|offline)\b|crash(?:es|ed|"
        r"ing)?\b|(?:couldn['’]t|could not|can['’]t|cannot) (?:\w+ ){0,3}for (?:\w+ ){0,2}(?:hours?|days?|minutes)|"
        r"takes? (?:\w+ ){0,3}(?:seconds?|minutes?|hours?|days?) to (?:load|open|sync|save|log in|respond|find|"
        r"search|run|come up|process|answer|reply|get back)|(?:wait|waits|waiting) (?:\w+ ){0,2}(?:seconds?|"
        r"minutes?) (?:for|to|before|while)|(?:is|are|was|were|feels?|gets?|runs?|getting) (?:really |very |so |too "
        r"|painfully |still |pretty )?(?:slow|sluggish|laggy|unusable|unstable|buggy|flaky)\b|times? out|timing out|"
        r"(?:stops?|stopped) (?:working|syncing|sending|loading|updating|printing)|(?:couldn['’]t|could not|"
        r"can['’]t|cannot|unable to) (?:\w+ ){0,2}(?:print|log in|login|access|open|load|save|submit|sync|scan|"
        r"process|book|check in|upload|export)\b|(?:had|has|have) to (?:\w+ )?(?:write|re-?enter|re-?type|redo|"
        r"retry|start over|call|do it)\b|if (?:the |our |it |that |this )?(?:\w+ )?(?:breaks|fails|goes down|stops|"
        r"drags|slips)\b|if (?:\w+ ){0,3}(?:keeps? |continues? to )(?:break|fail|crash|slip|drag|go down)\w*|"
        r"(?:stops?|stopped) (?:\w+ ){0,2}for (?:\w+ )?(?:hours?|days?|weeks?)\b|(?:to|in|into|under) the wrong "
        r"(?:queue|place|team|person|account|address|folder|bucket|category|site|customer)\b|(?:drops|dropped|loses|"
        r"lost|skips|skipped|misses|ignores|duplicates|duplicated) (?:\w+ ){0,2}(?:jobs|records|orders|rows|data|"
        r"entries|claims|items|fields|transactions|messages|invoices|shifts|visits)\b|(?:couldn['’]t|could not|"
        r"can['’]t|cannot|unable to) (?:\w+ ){0,2}(?:match|reconcile|track|report|trace|tie)\b|(?:it|that|this|"
        r"everything)['’]s (?:really |very |so |too |still |pretty |painfully )?(?:slow|sluggish|laggy|unusable|"
        r"unstable|buggy|flaky)\b"
    )),
    # A third party or team the account depends on, stalled or changing under it.
    ("stalled dependency", 2, (
        r"(?:still|yet to) (?:\w+ )?(?:hasn['’]t|haven['’]t|has not|have not|not|no|waiting)|still (?:doesn['’]t|"
        r"don['’]t|isn['’]t|aren['’]t|won['’]t|can['’]t|wrong|broken|failing|missing|stuck|an issue|a problem)|"
        r"(?:hasn['’]t|haven['’]t|has not|have not) (?:yet )?(?:opened|delivered|sent|signed|approved|responded|"
        r"answered|replied|provided|fixed|started|finished|shipped|given|confirmed)|(?:doesn['’]t|don['’]t|won['’]t|"
        r"never) (?:answer|respond|reply|return|call back|get back)|depends? on|dependent on|hinges? on|relies on|"
        r"been (?:\w+ )?(?:two|three|four|five|six|several|a few|\d+) (?:weeks|months)\b(?=.{0,30}$)|(?:vendor|"
        r"partner|provider|supplier|third[- ]party)\b.{0,40}\b(?:is |are )?(?:changing|deprecat\w+|retiring|"
        r"sunsetting|ending|dropping|discontinu\w+|switching off|shutting down)|(?:changed|changing|changes) (?:its|"
        r"their) (?:\w+ )?(?:rules|api|format|terms|pricing|policy|policies|requirements)"
    )),
    # End users unhappy with the product.
    ("unhappy users", 2, (
        r"annoy\w*|hate[sd]?\b|fed up|sick of|tired of|grumbl\w+|moan\w*|(?:don['’]t|do not|won['’]t|doesn['’]t) "
        r"(?:like|trust|want to use)|keeps? me up at night|scares? me|my (?:biggest )?fear|(?:lose|losing) sleep|"
        r"(?:confusing|clunky|painful|a pain)\b|keeps? complaining|keeps? (?:telling|saying to) (?:his|her|their|"
        r"the|my|our) (?:\w+ )?(?:team|staff|people|crews?|agents|nurses|teachers|users|reps)|(?:given|giving) up "
        r"on|(?:have|has) (?:basically |pretty much |all )?given up|(?:stopped|stop|no longer|don['’]t|doesn['’]t|"
        r"won['’]t) trust\w*|(?:override|overrides|overriding|ignore|ignores|ignoring) (?:\w+ ){0,3}(?:suggestions|"
        r"recommendations|alerts|results|the (?:model|system|app|tool))"
    )),
)  # fmt: skip
_CHURN_THEMES = frozenset({"platform doubt", "standardization"})  # the account may leave: a churn signal
_COMPILED = tuple((name, weight, re.compile(rf"\b(?:{pattern})", re.I)) for name, weight, pattern in _THEMES)
_NEGATED = re.compile(r"\b(?:no|not|never|isn['’]t|aren['’]t|wasn['’]t|without|nothing)\s+(?:\w+\s+)?$", re.I)
# A theme word said about a solved problem ("the returns fix went out", "is fixed now") raises nothing.
_RESOLVED = re.compile(
    r"\b(?:(?:is|are|was|were|been|got|get) (?:now )?(?:fixed|resolved|solved|sorted)|fix (?:went|is|has gone) "
    r"(?:out|live)|no longer (?:an? )?(?:issue|problem))\b",
    re.I,
)
# "I was worried about the tablets at first, but they've held up fine": a worry that is over.
_SETTLED = re.compile(
    r"\b(?:was|were|had been) (?:\w+ )?(?:worried|concerned|nervous|afraid|skeptical|unsure)\b.{0,80}\bbut\b|"
    r"\b(?:held up|turned out|worked out|went) (?:\w+ )?(?:fine|well|ok|okay|great|better than)",
    re.I,
)
# "No point training on a broken workflow": a reason for a choice, not a risk of its own.
_RATIONALE = re.compile(r"^(?:(?:so|and|but|well|honestly),?\s+)?(?:there['’]s\s+)?no (?:point|sense|use)\b", re.I)


def theme_score(text: str) -> tuple[int, bool]:
    """(weight of the risk themes in `text`, whether one is a churn-level theme)."""
    if _RESOLVED.search(text) or is_rationale(text):
        return 0, False
    weight, churn, names = 0, False, set()
    for name, theme_weight, pattern in _COMPILED:
        if not any(not _NEGATED.search(text[max(0, m.start() - 20) : m.start()]) for m in pattern.finditer(text)):
            continue
        weight += theme_weight
        churn = churn or name in _CHURN_THEMES
        names.add(name)
    if minority_share(text):
        weight += 2
    if metric_trend(text) and not names & {"falling metric", "rising load"}:  # a moved number not yet counted
        weight += 2
    return weight, churn


def is_rationale(text: str) -> bool:
    """'No point training on a broken workflow.': the reason for a choice; 'I was worried at first, but it held
    up fine': a worry that is over. Neither is a risk."""
    return bool(_RATIONALE.match(text) or _SETTLED.search(text))
