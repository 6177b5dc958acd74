"""Secrets: the value is found, not its label; prose about passwords is not a secret."""

from __future__ import annotations

import pytest

from souverain.redact import find_entities

# Built from parts so that no scanner mistakes this test file for a leak of real keys.
GITHUB = "ghp_" + "aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789"
SLACK = "xoxb-" + "123456789012-abcdefghijkl"
STRIPE = "sk_live_" + "4eC39HqLyjWDarjtT1zdp7dc"
JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U"
PEM = "-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA1x2y3z\nAbCdEf==\n-----END RSA PRIVATE KEY-----"


def secrets(text: str) -> list[str]:
    return [e.text for e in find_entities(text, "en") if e.type == "secret"]


@pytest.mark.parametrize(
    "key",
    [
        "sk-" + "abcdefghijklmnopqrstuvwxyz012345",
        "sk-proj-" + "AbCdEfGhIjKlMnOpQrStUvWx0123",
        "sk-ant-api03-" + "AbCdEfGhIjKlMnOpQrStUvWx0123",
        "AKIA" + "IOSFODNN7EXAMPLE",
        "ASIA" + "IOSFODNN7EXAMPLE",
        GITHUB,
        "github_pat_" + "11ABCDEFG0123456789_abcdefghijklmnop",
        SLACK,
        "AIza" + "SyA1234567890abcdefghijklmnopqrstuv",
        STRIPE,
        JWT,
        PEM,
    ],
)
def test_keys_of_known_services_are_found(key: str) -> None:
    assert secrets(f"Here is the key: {key}\nThanks") == [key]


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("Passwort: Frühling2024!", "Frühling2024!"),
        ("Das Passwort lautet Geheim123.", "Geheim123"),
        ("mot de passe : azerty12", "azerty12"),
        ("wachtwoord: welkom01, groet", "welkom01"),
        ("password is hunter22", "hunter22"),
        ('password="c0rrect horse"', "c0rrect horse"),  # a quoted password is all of it
        ("Authorization: Bearer abcdefghijklmnop1234", "abcdefghijklmnop1234"),
        ("api_key=Zx81Kq7mPz0aLw3e.", "Zx81Kq7mPz0aLw3e"),
        ('"client_secret": "9fQ2xL7pK3mN8vB1"', "9fQ2xL7pK3mN8vB1"),
        ("aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
    ],
)  # fmt: skip
def test_values_after_labels_and_assignments_are_found(text: str, secret: str) -> None:
    assert secrets(text) == [secret]


@pytest.mark.parametrize(
    "text",
    [
        "Our password policy requires twelve characters.",
        "Passwort vergessen? Klicken Sie hier.",
        "token=abcdefabcdef",  # too regular to be a generated key
        "sort_key=created_at_desc",
        "The task-manager handles it.",
        "risk-assessment-document-version-two",
    ],
)
def test_prose_and_ordinary_values_are_not_secrets(text: str) -> None:
    assert secrets(text) == []


def test_passwords_in_connection_urls_and_on_command_lines() -> None:
    text = (
        "DATABASE_URL=postgres://shop:Zr8vW1qP4nLx@db.internal:5432/shop\n"
        "$ docker login -u ci-bot -p c1-B0t!pass-2025 registry.example.internal\n"
        "$ mysql --password=s3cr3t-Pw host"
    )
    assert secrets(text) == ["Zr8vW1qP4nLx", "c1-B0t!pass-2025", "s3cr3t-Pw"]
    assert [e.type for e in find_entities(text, "en")] == ["secret", "secret", "secret"]


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ('declare -x PYPI_MIRROR_PASSWORD="Gz7!qTb2-Wunsiedel"', "Gz7!qTb2-Wunsiedel"),
        ('db_password         = "Wisbech#Tracking2025"', "Wisbech#Tracking2025"),
        (
            "'sandbox_token' => '2034079c6d452ebc03cd90571b3825e0fe3eeb6a',",
            "2034079c6d452ebc03cd90571b3825e0fe3eeb6a",
        ),
        ("curl -u deploy:Jnk!Fact2025#prod -X POST https://x", "Jnk!Fact2025#prod"),
        ("SECRET_KEY=qs(pe(anjn2kc6c+m_c4bu!12+pz=e#8-dz", "qs(pe(anjn2kc6c+m_c4bu!12+pz=e#8-dz"),
    ],
)
def test_secrets_in_shell_config_and_code(text: str, secret: str) -> None:
    assert secrets(text) == [secret]


def test_a_flag_is_no_password() -> None:
    assert secrets("docker login -u ci --password-stdin registry.example.de") == []
