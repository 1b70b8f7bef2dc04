"""The agency registry: bundled data, user files, lookup and suggestions."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import newscrawl.agencies as agencies_package
from newscrawl.agencies import Agency, AgencyRegistry, load_registry

REQUIRED = {
    # alias -> canonical code
    "dpa": "dpa", "dpa-AFX": "dpa", "dpa-infocom": "dpa", "dpa/lnw": "dpa", "dpa/lno": "dpa",
    "dpa/lby": "dpa", "APA": "APA", "APA-OTS": "APA", "AFP": "AFP", "Reuters": "Reuters",
    "AP": "AP", "KNA": "KNA", "epd": "epd", "dts": "dts", "ddp": "ddp", "dapd": "ddp",
    "SDA": "SDA", "Keystone-SDA": "SDA", "ATS": "SDA", "AWP": "AWP", "SID": "SID",
    "ANSA": "ANSA", "EFE": "EFE", "Europa Press": "Europa Press", "PA Media": "PA",
    "Belga": "Belga", "ANP": "ANP", "Ritzau": "Ritzau", "TT": "TT", "NTB": "NTB", "STT": "STT",
    "CTK": "CTK", "ČTK": "CTK", "PAP": "PAP", "MTI": "MTI", "TASR": "TASR", "HINA": "HINA",
    "STA": "STA", "Tanjug": "Tanjug", "BTA": "BTA", "Agerpres": "Agerpres", "Lusa": "Lusa",
    "ANA-MPA": "ANA-MPA", "TASS": "TASS", "RIA Novosti": "RIA Novosti", "Interfax": "Interfax",
    "Ukrinform": "Ukrinform", "Xinhua": "Xinhua", "Kyodo": "Kyodo", "Jiji": "Jiji",
    "Yonhap": "Yonhap", "AAP": "AAP", "CP": "CP", "UPI": "UPI", "Bloomberg": "Bloomberg",
    "Dow Jones": "Dow Jones", "Agence France-Presse": "AFP", "The Associated Press": "AP",
    "Deutsche Presse-Agentur": "dpa", "Austria Presse Agentur": "APA", "Thomson Reuters": "Reuters",
    # services, subsidiaries and sections credited under their own names
    "AFP Relaxnews": "AFP", "Relaxnews": "AFP", "ETX Daily Up": "AFP",
    "Reuters Breakingviews": "Reuters", "Breakingviews": "Reuters",
    "Bloomberg Opinion": "Bloomberg", "Bloomberg View": "Bloomberg",
    "Petra News Agency": "Petra", "Jordan News Agency": "Petra", "PETRA": "Petra",
    "Tasnim News Agency": "Tasnim", "WAFA": "WAFA", "Antara News": "Antara",
}


@pytest.fixture(scope="module")
def registry() -> AgencyRegistry:
    return load_registry()


def test_bundled_registry_size_and_shape(registry):
    assert len(registry) >= 60
    for agency in registry:
        assert isinstance(agency, Agency)
        assert agency.code and agency.name
        assert re.fullmatch(r"[A-Z]{2}", agency.country), agency
        assert agency.ambiguous <= {agency.code, *agency.aliases}
        assert agency.credit_only <= {agency.code, *agency.aliases}
        assert agency.after_name <= {agency.code, *agency.aliases}


@pytest.mark.parametrize("alias,code", sorted(REQUIRED.items()))
def test_required_aliases(registry, alias, code):
    agency = registry.lookup(alias)
    assert agency is not None, alias
    assert agency.code == code


def test_lookup_is_case_insensitive_except_for_ambiguous_aliases(registry):
    assert registry.lookup("DPA").code == "dpa"
    assert registry.lookup("reuters").code == "Reuters"
    assert registry.lookup("Keystone-sda").code == "SDA"
    assert registry.lookup("dpa – AFX") is None
    assert registry.lookup("dpa‑AFX").code == "dpa"  # non-breaking hyphen
    for word in ("ap", "Ap", "pa", "tt", "cp", "Red", "red", "ats", "idea"):
        agency = registry.lookup(word)
        assert agency is None or word in agency.ambiguous, word
    assert registry.lookup("ats").code == "SDA"  # Swiss French credits write "(ats)"
    assert registry.lookup("sid").code == "SID"
    assert registry.lookup("Adapter") is None
    assert registry.lookup("") is None


def test_credit_only_aliases_name_nobody_standalone(registry):
    """Given names that are also agencies ("Petra") need a credit context."""
    for word in ("Petra", "Wafa", "Tasnim", "Antara"):
        assert registry.lookup(word) is not None, word           # "(Petra)" in a credit
        assert registry.lookup(word, standalone=True) is None, word  # "von Petra"
    for word, code in (("PETRA", "Petra"), ("WAFA", "WAFA"), ("ANTARA", "Antara"),
                       ("Petra News Agency", "Petra"), ("Beta", "Beta"), ("Sputnik", "Sputnik"),
                       ("Lusa", "Lusa"), ("Fars", "Fars"), ("dpa", "dpa")):
        assert registry.lookup(word, standalone=True).code == code, word
    for word in ("petra", "wafa", "Idea"):                        # exact case
        assert registry.lookup(word) is None, word


def test_after_name_aliases_are_exact_and_never_surnames(registry):
    assert registry.after_name("AFP") == "AFP"
    assert registry.after_name("dpa") == "dpa"
    assert registry.after_name("AP") == "AP"
    for token in ("Afp", "Ap", "ap", "PAP", "EFE", "MENA", "Reuters", "Bloomberg", "Petra", "TASS"):
        assert registry.after_name(token) is None, token


def test_canonical_codes_are_the_agencies_own_short_forms(registry):
    for code in ("dpa", "APA", "AFP", "Reuters", "AP", "epd", "SDA", "KNA"):
        assert code in registry
        assert registry.canonical(code) == code
    assert registry.canonical("dpa/lby") == "dpa"
    assert registry.canonical("nobody") is None


@pytest.mark.parametrize("typo,expected", [("dap", "dpa"), ("Reuter", "Reuters"), ("APF", "AFP"),
                                           ("Xinuha", "Xinhua"), ("Kyodo News Agency", "Kyodo"),
                                           ("Tasnim News", "Tasnim"), ("Bloomberg Opinon", "Bloomberg")])
def test_suggest(registry, typo, expected):
    assert expected in registry.suggest(typo)


def test_suggest_nothing_close(registry):
    assert registry.suggest("") == []
    assert registry.suggest("qqqqqqqqqq") == []


def test_no_alias_names_two_agencies(registry):
    seen: dict[str, str] = {}
    for agency in registry:
        for alias in (agency.code, *agency.aliases):
            key = alias if alias in agency.ambiguous else alias.casefold()
            assert seen.setdefault(key, agency.code) == agency.code, alias


# -- user files -------------------------------------------------------------------------
def write(tmp_path: Path, text: str) -> str:
    path = tmp_path / "agencies.toml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_extra_file_adds_and_extends(tmp_path):
    path = write(tmp_path, """
[vocabulary]
staff = ["Redaktion Ausland"]
photo = ["Fotoagentur Nord"]

[[agency]]
code = "NNA"
name = "Nordic News Agency"
country = "IS"
aliases = ["Nordic News", "nna-wire"]

[[agency]]
code = "dpa"
aliases = ["dpa/lxx"]

[[agency]]
code = "Beta"
credit_only = ["Beta"]
""")
    registry = load_registry(path)
    assert registry.lookup("Beta", standalone=True) is None
    assert registry.lookup("Beta").code == "Beta"
    assert registry.get("Beta").ambiguous == {"Beta"}  # bundled sets kept
    assert registry.after_name("dpa") == "dpa"
    assert registry.lookup("nordic news").code == "NNA"
    assert registry.lookup("NNA-WIRE").code == "NNA"
    assert registry.lookup("dpa/lxx").code == "dpa"
    assert registry.get("dpa").name == "Deutsche Presse-Agentur"  # kept
    assert registry.lookup("dpa-AFX").code == "dpa"  # bundled aliases kept
    assert registry.is_staff("Redaktion Ausland")
    assert registry.photo_pattern.search("Fotoagentur Nord/Jens Jensen")
    assert len(registry) == len(load_registry()) + 1
    assert load_registry().lookup("NNA") is None  # the bundled registry is unchanged


def test_extra_file_is_used_by_the_analysis(tmp_path):
    from newscrawl.agencies import analyse_credits

    registry = load_registry(write(tmp_path, """
[[agency]]
code = "NNA"
name = "Nordic News Agency"
country = "IS"
"""))
    result = analyse_credits("Reykjavik (NNA) - Der Vulkan ist ausgebrochen. (NNA/dpa)",
                             registry=registry)
    assert result.agencies == ["NNA", "dpa"]
    assert result.dateline["agency"] == "NNA"


@pytest.mark.parametrize("entry,message", [
    ('code = "XYZ"\nname = "X"\ncountry = "Germany"', r"agency 'XYZ': field 'country'"),
    ('code = "XYZ"\ncountry = "DE"', r"agency 'XYZ': field 'name'"),
    ('code = ""\nname = "X"\ncountry = "DE"', r"entry #1: field 'code'"),
    ('code = "XYZ"\nname = "X"\ncountry = "DE"\naliases = "xyz"', r"agency 'XYZ': field 'aliases'"),
    ('code = "XYZ"\nname = "X"\ncountry = "DE"\nambiguous = ["Q"]', r"agency 'XYZ': field 'ambiguous'"),
    ('code = "XYZ"\nname = "X"\ncountry = "DE"\naliases = ["x"]\ncredit_only = ["y"]',
     r"agency 'XYZ': field 'credit_only' lists \['y'\], which are not among its aliases"),
    ('code = "XYZ"\nname = "X"\ncountry = "DE"\nafter_name = "XYZ"', r"agency 'XYZ': field 'after_name'"),
    ('code = "XYZ"\nname = "X"\ncountry = "DE"\nalias = ["x"]',
     r"agency 'XYZ': unknown field.*ambiguous, credit_only, after_name"),
    ('code = "XYZ"\nname = "X"\ncountry = "DE"\naliases = ["Reuters"]',
     r"agency 'XYZ': field 'aliases': alias 'Reuters' already names agency 'Reuters'"),
])
def test_bad_entries_name_agency_and_field(tmp_path, entry, message):
    path = write(tmp_path, f"[[agency]]\n{entry}\n")
    with pytest.raises(ValueError, match=message) as error:
        load_registry(path)
    assert path in str(error.value)


def test_bad_files(tmp_path):
    with pytest.raises(ValueError, match="file not found"):
        load_registry(str(tmp_path / "missing.toml"))
    with pytest.raises(ValueError, match="not valid TOML"):
        load_registry(write(tmp_path, "[[agency]\ncode = "))
    with pytest.raises(ValueError, match="vocabulary field 'photo'"):
        load_registry(write(tmp_path, "[vocabulary]\nphoto = 3\n"))


def test_bundled_registry_is_cached():
    assert load_registry() is load_registry()
    assert load_registry(None) is load_registry("")


def test_package_is_pure():
    """No Scrapy (or other crawler) imports in the pure agency package."""
    root = Path(agencies_package.__file__).parent
    for module in root.glob("*.py"):
        tree = ast.parse(module.read_text("utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            for name in names:
                assert not name.startswith(("scrapy", "twisted", "pymongo")), (module.name, name)


def test_public_api():
    from newscrawl import agencies

    names = ["AgencyRegistry", "CreditAnalysis", "analyse_credits", "load_registry",
             "parse_credit_line", "parse_dateline"]
    assert all(callable(getattr(agencies, name, None)) for name in names)
