"""Secrets: API keys and tokens of well-known services, private keys, passwords after a
label, bearer tokens, and random-looking values assigned to key or token names.

Reports the value only, not its label. Never logs or prints a value.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterator

KNOWN_TOKENS = re.compile(
    # No leading \b: a pattern that starts with a literal lets the regex engine skip ahead
    # fast; the word boundary is checked in code.
    r"-----BEGIN [A-Z0-9 ]*PRIVATE KEY[A-Z ]*-----[\s\S]*?(?:-----END [A-Z0-9 ]*PRIVATE KEY"
    r"[A-Z ]*-----|\n\s*\n|\Z)"
    r"|sk-(?:proj-|ant-(?:[a-z]+\d*-)?|svcacct-|admin-|live-)?[A-Za-z0-9_\-]{20,}"
    r"|A(?:KIA|SIA|GPA|IDA|ROA|NPA|NVA|IPA)[A-Z0-9]{16}\b"
    r"|gh[pousr]_[A-Za-z0-9]{30,255}\b"
    r"|github_pat_[A-Za-z0-9_]{22,255}\b"
    r"|glpat-[A-Za-z0-9_\-]{20,}"
    r"|xox[abposre]-[A-Za-z0-9\-]{10,}"
    r"|AIza[0-9A-Za-z_\-]{35}"
    r"|[sr]k_(?:live|test)_[0-9A-Za-z]{16,}"
    r"|whsec_[0-9A-Za-z]{24,}"
    r"|eyJ[A-Za-z0-9_\-]{5,}\.eyJ[A-Za-z0-9_\-]{5,}\.[A-Za-z0-9_\-]{5,}"
)
WORD = re.compile(r"[^\W\d_]+")
LABELS = frozenset(
    ["password", "passwort", "kennwort", "passwd", "pwd", "mot", "mdp", "wachtwoord",
     "passcode", "pass", "passphrase", "pin", "pincode", "bearer", "basic", "token"]
)  # fmt: skip
"""First words of the labels a secret follows, looked up per word rather than searched for
with a case-insensitive pattern at every position, which is slow."""
AUTHORIZATION = re.compile(r"(?i:bearer|basic|token)\s+([A-Za-z0-9\-._~+/]{16,}=*)")
PASSWORD = re.compile(
    r"(?i:password|passwort|kennwort|passwd|pwd|mot de passe|mdp|wachtwoord|passcode"
    r"|pass ?phrase|pin(?:[ \-]?code)?)\b"
    r"(?:\s+(?i:is|ist|lautet|est|luidt|was|war))?\s*(?P<colon>[:=])?\s*"
    r"(?P<quote>[\"'«„“]?)(?P<value>(?!-)[^\s\"'«»„“”]{4,})"
)
ASSIGNED_VALUE = re.compile(r"[:=][ \t]*[\"']?(?P<value>[A-Za-z0-9+/=_\-.~]{12,})")
KEY_NAME = re.compile(
    r"(?i:api[_\-]?key|apikey|secret|token|access[_\-]?key|auth|client[_\-]?secret"
    r"|private[_\-]?key|credentials?|signature|sig|key)[\w.\-]*[\"']?[ \t]*\Z"
)
URL_CREDENTIALS = re.compile(
    r"[a-z][a-z0-9+.\-]*://[^\s:/@]*:(?P<value>[^\s/]+?)@[\w.\-]+(?::\d+)?(?=[/\s\"'?]|$)",
    re.MULTILINE,
)
"""The password of a connection URL: postgres://user:PASSWORD@host."""
PASSWORD_FLAG = re.compile(
    r"(?:^|\s)(?:(?:-p|--password|--pass|--passwd|-password)(?:[ \t]+|=)"
    r"|(?:-u|--user)[ \t]+[^\s:]+:)"  # curl -u user:PASSWORD
    r"(?P<quote>[\"']?)(?P<value>[^\s\"']{4,})"
)
"""A password given on a command line: docker login -u ci -p PASSWORD, mysql --password=."""
SECRET_SETTING = re.compile(
    r"(?i)(?<![\w.\-])[\"']?(?P<key>[\w.\-]*(?:password|passwd|passwort|wachtwoord|pwd|pass"
    r"|secret|token|api_?key|app_?key|auth_?token|private_?key)[\w.\-]*)[\"']?[ \t]*"
    r"(?:=>|[:=])[ \t]*(?:(?P<quote>[\"'])(?P<quoted>[^\"'\n]{4,})(?P=quote)"
    r"|(?P<value>[^\s\"']{4,}))"
)
"""A setting whose name says it holds a password (DB_PASSWORD=..., smtp_password: ...,
"REDIS_PASSWORD": "..."): the value, whatever it looks like. Keys and tokens must also look
random (see ASSIGNED_VALUE): token=abcdefabcdef is no secret."""
COMPOUND_LABEL = re.compile(
    r"(?i)\b(?:\w+passwor[dt]|\w+kennwort|\w+wachtwoord|(?:mot de passe|password|passwort"
    r"|wachtwoord)(?:[ \t]+[^\W\d_]+){1,2}|(?:code|cl[ée]|key|schlüssel)[ \t]+wi-?fi"
    r"|wi-?fi[ \t\-]*(?:code|key|password|passwort|wachtwoord|schlüssel)|wlan[ \t\-]*"
    r"(?:passwort|schlüssel|key|code)|pin[ \t\-]?code)"
    r"(?:[ \t]+[^\W\d_]+(?:['’][^\W\d_]+)?){0,3}?"  # de l'atelier, for guests
    r"(?:[ \t]*\([^)\n]{1,30}\))?[ \t]*:[ \t]*(?P<value>[^\s\"']{4,})"
)
"""Labels a password follows that the plain ones miss: Initialpasswort:, mot de passe
provisoire :, Code Wi-Fi de l'atelier :, WLAN-Schlüssel:."""
LABEL_STEMS = ("passw", "kennwort", "wachtwoord", "mot de passe", "wi-fi", "wifi", "wlan", "pin")
SETTING_STEMS = ("pass", "pwd", "secret", "token", "key")
PASSWORD_KEY = re.compile(r"(?i)passw|passwd|passwort|wachtwoord|pwd|pass")
KEY_WINDOW = 40
PLAIN_WORD = re.compile(r"[^\W\d_]+[.,;:!?]?")
"""A word, perhaps closing a sentence: after a label without a colon it is prose, not a
password ("the password policy")."""
MIN_ENTROPY = 3.0
"""Bits per character: random keys have about 4 to 6, words and ids about 2 to 3."""


def find_secrets(text: str) -> Iterator[tuple[int, int]]:
    """Spans of secret values, possibly overlapping (the caller keeps the first of each)."""
    for match in KNOWN_TOKENS.finditer(text):
        if _starts_word(text, match.start()):
            yield match.start(), match.end()
    yield from _after_labels(text)
    # Cheap substring tests first: each pattern runs only on texts that can hold a match.
    lower = text.lower()
    gated = (
        (URL_CREDENTIALS, "://" in text),
        (PASSWORD_FLAG, " -p" in text or "--pass" in text or " -u " in text or "--user" in text),
        (COMPOUND_LABEL, any(word in lower for word in LABEL_STEMS)),
    )
    for pattern, possible in gated:
        for match in pattern.finditer(text) if possible else ():
            yield match.start("value"), match.end("value")
    settings = SECRET_SETTING.finditer(text) if any(w in lower for w in SETTING_STEMS) else ()
    for match in settings:
        group = "quoted" if match.group("quoted") else "value"
        value = match.group(group)
        if _placeholder_value(value):
            continue
        # a password setting holds one whatever it looks like; a key or token must look random
        if not PASSWORD_KEY.search(match.group("key")) and not looks_random(value.rstrip(".,;")):
            continue
        end = match.end(group) - (0 if group == "quoted" else _trailing_stop(value))
        yield match.start(group), end
    for match in ASSIGNED_VALUE.finditer(text):
        window = text[max(0, match.start() - KEY_WINDOW) : match.start()]
        value = match.group("value").rstrip(".,")
        if KEY_NAME.search(window) and looks_random(value):
            yield match.start("value"), match.start("value") + len(value)


def _after_labels(text: str) -> Iterator[tuple[int, int]]:
    """Passwords after "Passwort:", "mot de passe :"; tokens after "Bearer"."""
    for word in WORD.finditer(text):
        if word.group().lower() not in LABELS or not _starts_word(text, word.start()):
            continue
        authorization = AUTHORIZATION.match(text, word.start())
        if authorization is not None:
            yield authorization.start(1), authorization.end(1)
            continue
        password = PASSWORD.match(text, word.start())
        if password is not None and (
            password.group("colon") or not PLAIN_WORD.fullmatch(password.group("value"))
        ):
            yield _password_span(password)


def _trailing_stop(value: str) -> int:
    return 1 if len(value) > 4 and value[-1] in ".,;" else 0


def _placeholder_value(value: str) -> bool:
    """Values that stand for no secret: a reference to another setting or a template."""
    return value.startswith(("$", "{", "<", "%", "*")) or value.lower() in (
        "none",
        "null",
        "true",
        "false",
        "changeme",
        "required",
        "optional",
        "xxxx",
    )


def _starts_word(text: str, start: int) -> bool:
    return start == 0 or not (text[start - 1].isalnum() or text[start - 1] == "_")


def looks_random(value: str) -> bool:
    """Long, mixed and varied enough to be a generated key rather than a word or a number."""
    classes = sum(any(test(c) for c in value) for test in (str.islower, str.isupper, str.isdigit))
    return len(value) >= 12 and classes >= 2 and shannon_entropy(value) >= MIN_ENTROPY


def shannon_entropy(value: str) -> float:
    counts = Counter(value)
    return -sum(n / len(value) * math.log2(n / len(value)) for n in counts.values())


def _password_span(match: re.Match[str]) -> tuple[int, int]:
    """The value after a password label; a final sentence stop is not part of it."""
    start, end = match.start("value"), match.end("value")
    value = match.group("value")
    if not match.group("quote") and len(value) > 4 and value[-1] in ".,;:)":
        end -= 1
    return start, end
