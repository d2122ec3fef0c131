"""The contact journal moves in and out: each contact finds its inwoner by the inwoner's
source key, is checked with the journal form's rules, keeps its own key against duplicates,
and an export imports back as the same contacts. A functioneel beheerder runs it."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from app.models import AuditActie, AuditRecord, Bronsleutel, Contactmoment, Kanaal
from app.services import contact_import as ci
from app.services import inwoner_import
from app.services.errors import ToegangGeweigerd
from app.services.koppeling import Koppeling
from tests.conftest import TODAY, make_bsn

pytestmark = pytest.mark.database
KOP = ";".join(ci.FORMAAT.namen)


@pytest.fixture
def inwoners(session, actor, tmp_path):
    """Two inwoners imported with source keys K-1 and K-2."""
    pad = tmp_path / "inwoners.csv"
    kop = "sleutel;" + ";".join(inwoner_import.KOLOMMEN)
    rijen = [f"K-{n};{make_bsn(n * 11)};Noor;;Bakker;01-02-1980;;;;;Gorinchem;;" for n in (1, 2)]
    pad.write_text("\n".join([kop, *rijen]) + "\n", encoding="utf-8")
    result = inwoner_import.import_inwoners(session, actor=actor, path=pad, dry_run=False,
                                            regievoerder=actor, today=TODAY)  # fmt: skip
    assert result.fouten == []


def contacten(tmp_path, *rijen, kop=KOP):
    pad = tmp_path / "contacten.csv"
    pad.write_text("\n".join([kop, *rijen]) + "\n", encoding="utf-8")
    return pad


def rij(sleutel="C-1", inwoner="K-1", datum="03-11-2026", kanaal="TELEFOON", tekst="Gebeld",
        actie="", vervolg="", vertrouwelijk="nee", auteur="") -> str:  # fmt: skip
    return ";".join([sleutel, inwoner, datum, kanaal, tekst, actie, vervolg, vertrouwelijk,
                     auteur])  # fmt: skip


def run(session, actor, pad, **kwargs):
    kwargs.setdefault("dry_run", False)
    return ci.import_contactmomenten(session, actor=actor, path=pad, today=TODAY, **kwargs)


def count(session) -> int:
    return session.scalar(select(func.count()).select_from(Contactmoment))


def test_contacts_find_their_inwoner_and_keep_their_key(session, beheerder, inwoners, tmp_path,
                                                        actor):  # fmt: skip
    pad = contacten(
        tmp_path,
        rij(),
        rij(
            "C-2",
            "K-2",
            "2026-10-01",
            "huisbezoek",
            "Bezoek",
            "Cv sturen",
            "15-11-2026",
            "ja",
            actor.gebruikersnaam,
        ),
    )
    result = run(session, beheerder, pad)
    assert result.fouten == [] and result.geimporteerd == 2
    bezoek = session.scalar(select(Contactmoment).where(Contactmoment.samenvatting == "Bezoek"))
    assert (bezoek.kanaal, bezoek.datum, bezoek.vervolgdatum) == (
        Kanaal.HUISBEZOEK, date(2026, 10, 1), date(2026, 11, 15))  # fmt: skip
    assert bezoek.vertrouwelijk and bezoek.auteur_id == actor.id
    gebeld = session.scalar(select(Contactmoment).where(Contactmoment.samenvatting == "Gebeld"))
    assert gebeld.auteur_id == beheerder.id  # no author in the file: who imports
    assert session.scalar(select(Bronsleutel.record_id).where(Bronsleutel.sleutel == "C-2")) \
        == bezoek.id  # fmt: skip
    assert session.scalar(select(func.count()).select_from(AuditRecord).where(
        AuditRecord.onderwerp == "contactmoment", AuditRecord.actie == AuditActie.AANGEMAAKT)) == 2  # fmt: skip
    again = run(session, beheerder, pad)
    assert (again.geimporteerd, again.overgeslagen) == (0, 2) and count(session) == 2


def test_every_problem_per_line_and_nothing_imported(session, beheerder, inwoners, tmp_path):
    pad = contacten(
        tmp_path,
        rij(),
        rij("C-2", inwoner="K-9"),
        rij("C-3", datum="31-02-2026", kanaal="fax"),
        rij("C-4", datum="01-01-2030"),
        rij("C-5", tekst="", vertrouwelijk="misschien"),
        rij("C-1"),
        rij("C-7", vervolg="01-12-2026"),
    )
    fouten = run(session, beheerder, pad).fouten
    assert fouten == [
        "regel 2: sleutel C-1 staat ook op regel 7",
        "regel 3: inwoner 'K-9' is onbekend: importeer eerst de inwoners, of controleer de sleutel",
        "regel 4: de datum '31-02-2026' is geen geldige datum; gebruik dd-mm-jjjj of jjjj-mm-dd",
        "regel 4: kanaal 'fax' is onbekend; kies uit FYSIEK (Gesprek op kantoor), TELEFOON "
        "(Telefoon), HUISBEZOEK (Huisbezoek), OP_LOCATIE (Op locatie / werkplek), DIGITAAL "
        "(Digitaal (mail, video)) of vertaal het in de koppeling",
        "regel 5: het contact op 01-01-2030 ligt in de toekomst",
        "regel 6: vul een samenvatting van het contact in",
        "regel 6: vertrouwelijk 'misschien' is geen ja of nee",
        "regel 7: sleutel C-1 staat ook op regel 2",
        "regel 8: beschrijf de vervolgactie die bij de vervolgdatum hoort",
    ]
    assert count(session) == 0


def test_code_values_through_the_mapping(session, beheerder, inwoners, tmp_path):
    kop = "Nr;Klant;Datum;Soort;Verslag"
    pad = contacten(tmp_path, "1;K-1;03-11-2026;tel.;Gebeld", "2;K-2;04-11-2026;bezoek;Thuis",
                    kop=kop)  # fmt: skip
    koppeling = Koppeling("contactmomenten", {"sleutel": "Nr", "inwoner": "Klant",
                                              "datum": "Datum", "kanaal": "Soort",
                                              "samenvatting": "Verslag"},
                          {"kanaal": {"tel.": "TELEFOON", "bezoek": "HUISBEZOEK"}})  # fmt: skip
    result = run(session, beheerder, pad, koppeling=koppeling)
    assert result.fouten == [] and result.geimporteerd == 2


def test_export_imports_back_as_the_same_contacts(session, beheerder, inwoners, tmp_path):
    run(session, beheerder, contacten(tmp_path, rij(), rij("C-2", "K-2", kanaal="DIGITAAL")))
    assert ci.exporteer(session, actor=beheerder, pad=tmp_path / "uit.xlsx") == 2
    voor = journaal(session)
    session.execute(Bronsleutel.__table__.delete().where(Bronsleutel.entiteit == ci.ENTITEIT))
    session.execute(Contactmoment.__table__.delete())
    assert run(session, beheerder, tmp_path / "uit.xlsx").geimporteerd == 2
    assert journaal(session) == voor


def journaal(session) -> list[tuple]:
    session.expire_all()
    return sorted(session.execute(select(
        Contactmoment.inwoner_id, Contactmoment.auteur_id, Contactmoment.datum,
        Contactmoment.kanaal, Contactmoment.samenvatting, Contactmoment.vervolgactie,
        Contactmoment.vervolgdatum, Contactmoment.vertrouwelijk)).all())  # fmt: skip


def test_only_a_functioneel_beheerder_moves_the_journal(session, actor, inwoners, tmp_path):
    with pytest.raises(ToegangGeweigerd):
        run(session, actor, contacten(tmp_path, rij()))
    with pytest.raises(ToegangGeweigerd):
        ci.exporteer(session, actor=actor, pad=tmp_path / "uit.csv")


def test_only_the_valid_contacts_when_the_user_chooses_so(session, beheerder, inwoners,
                                                          tmp_path):  # fmt: skip
    pad = contacten(tmp_path, rij(), rij("C-2", inwoner="K-9"), rij("C-3", "K-2"))
    result = run(session, beheerder, pad, alleen_geldig=True)
    assert result.geimporteerd == 2 and len(result.fouten) == 1 and count(session) == 2
