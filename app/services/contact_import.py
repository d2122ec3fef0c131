"""Import and export of the contact journal (`koers import contactmomenten`, `koers export
contactmomenten`), in the layout `FORMAAT`.

Each contact names its inwoner by the inwoner's source key (the `sleutel` of the inwoners file,
or the BSN when that file had none), so the inwoners are imported first. Every line is checked
with the rules of the journal's form (`contactmomenten.field_errors`); one error anywhere and
nothing is imported. A contact keeps its own source key: importing the same file again skips
the contacts that are there. A functioneel beheerder runs it (the migration right), every
contact written or exported is in the audit trail.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from app.models import (
    AuditActie,
    AuditRecord,
    Bronsleutel,
    Contactmoment,
    Inwoner,
    Kanaal,
    Medewerker,
)
from app.services.audit import next_moment, velden_json
from app.services.bulk import na_grote_load
from app.services.contactmomenten import ContactGegevens, field_errors
from app.services.importverslag import JA, NEE, Fouten, ImportResult, schrijf_export
from app.services.inwoner_import import ENTITEIT as INWONER
from app.services.koppeling import Formaat, Kolom, Koppeling, code, codes_tekst, kopfouten, waarden
from app.services.rechten import Gegeven, Recht, vereis
from app.services.tabellen import TabelFout, lees
from app.services.text import format_date, parse_date

ENTITEIT = "contactmoment"
FORMAAT = Formaat("contactmomenten", "Contactmomenten", (
    Kolom("sleutel", "de sleutel van het contact in het bronsysteem", True,
          synoniemen=("contactnummer", "id", "nummer", "nr")),
    Kolom("inwoner", "de sleutel van de inwoner, zoals in het bestand met inwoners (daar leeg: "
          "het BSN)", True, synoniemen=("klantnummer", "inwonersleutel", "client", "klant")),
    Kolom("datum", "de dag van het contact: dd-mm-jjjj of jjjj-mm-dd", True,
          synoniemen=("contactdatum",)),
    Kolom("kanaal", "hoe het contact was", True, codes=Kanaal,
          synoniemen=("contactvorm", "soort", "type")),
    Kolom("samenvatting", "wat er besproken of gedaan is", True,
          synoniemen=("verslag", "notitie", "omschrijving", "tekst")),
    Kolom("vervolgactie", "wat er nog moet gebeuren", synoniemen=("actie", "vervolg")),
    Kolom("vervolgdatum", "wanneer de vervolgactie gedaan moet zijn", synoniemen=("deadline",)),
    Kolom("vertrouwelijk", "ja of nee (leeg: nee)"),
    Kolom("auteur", "gebruikersnaam in Koers van wie het contact had; leeg: wie importeert",
          synoniemen=("medewerker", "coach", "behandelaar")),
))  # fmt: skip
RESULTAAT = ("contactmoment", "contactmomenten")
CHUNK = 5_000
_VOLGORDE = {naam: i for i, naam in enumerate(FORMAAT.namen)}


def import_contactmomenten(
    session: Session,
    *,
    actor: Medewerker,
    path: Path,
    dry_run: bool,
    koppeling: Koppeling | None = None,
    voortgang: Callable[[int, int], None] | None = None,
    alleen_geldig: bool = False,
    today: date | None = None,
) -> ImportResult:
    """Check every line and, when all are valid (or `alleen_geldig`: for the valid ones) and
    it is not a dry run, add the contacts that are not in Koers yet (by source key). The
    caller owns the transaction."""
    vereis(actor, Gegeven.VERHUIZING, Recht.WIJZIGEN)
    result = ImportResult(bestand=str(path), dry_run=dry_run, woorden=RESULTAAT,
                          alleen_geldig=alleen_geldig)  # fmt: skip
    try:
        tabel = lees(path)
    except TabelFout as error:
        result.fouten.append(error.message)
        return result
    fouten = Fouten(_VOLGORDE)
    if koppeling is None:  # Koers' own layout: column names in any case, optional ones may lack
        bron = [k.strip().lower() for k in tabel.kolommen]
        koppeling = Koppeling(FORMAAT.entiteit, {k: k for k in FORMAAT.namen if k in bron})
    else:
        bron = tabel.kolommen
    problemen = (
        kopfouten(FORMAAT, koppeling, bron)
        if tabel.kolommen
        else [f"het bestand {tabel.naam} is leeg; de eerste regel moet de kolomnamen bevatten"]
    )
    if problemen:
        for probleem in problemen:
            fouten.add(1, probleem)
        result.fouten, result.regelfouten = fouten.sorted(), fouten.per_regel()
        return result

    rijen = [(regel, waarden(FORMAAT, koppeling, dict(zip(bron, cellen, strict=False))))
             for regel, cellen in tabel.rijen]  # fmt: skip
    inwoners = _inwoners(session, {w["inwoner"] for _r, w in rijen if w["inwoner"]})
    medewerkers = {m.gebruikersnaam: m for m in session.scalars(select(Medewerker))}
    bekend = _bekende_sleutels(session, [w["sleutel"] for _r, w in rijen if w["sleutel"]])
    regels_per_sleutel: dict[str, list[int]] = defaultdict(list)
    nieuw: list[tuple[int, dict[str, Any]]] = []
    for n, (regel, w) in enumerate(rijen):
        if voortgang is not None and n % 500 == 0:
            voortgang(n, 2 * len(rijen))
        regels_per_sleutel[w["sleutel"]].append(regel)
        contact = _controleer(w, regel, fouten, koppeling, inwoners, medewerkers, actor, today)
        if contact is not None and w["sleutel"] not in bekend:
            nieuw.append((regel, contact))
    for sleutel, regels in regels_per_sleutel.items():
        for regel in regels:
            if sleutel and (andere := [str(r) for r in regels if r != regel]):
                fouten.add(regel, f"sleutel {sleutel} staat ook op regel {', '.join(andere)}",
                           "sleutel")  # fmt: skip
    result.aantal = len({regel for regel, _ in rijen} - fouten.lines())
    result.overgeslagen = sum(1 for _r, w in rijen if w["sleutel"] in bekend)
    if fouten:
        result.fouten, result.regelfouten = fouten.sorted(), fouten.per_regel()
        if not alleen_geldig:
            return result
    if not dry_run:

        def geschreven(n: int) -> None:
            if voortgang is not None:
                voortgang(len(rijen) + n, 2 * len(rijen))

        fout = fouten.lines()
        contacten = [c for regel, c in nieuw if regel not in fout]
        _schrijf(session, actor, contacten, geschreven)
        na_grote_load(session, len(contacten))
    if voortgang is not None:
        voortgang(2 * len(rijen), 2 * len(rijen))
    return result


def _inwoners(session: Session, sleutels: set[str]) -> dict[str, tuple[uuid.UUID, date]]:
    """Source key → (inwoner id, date of birth), for the keys the import knows."""
    result: dict[str, tuple[uuid.UUID, date]] = {}
    lijst = sorted(sleutels)
    for start in range(0, len(lijst), 900):
        rows = session.execute(
            select(Bronsleutel.sleutel, Inwoner.id, Inwoner.geboortedatum)
            .join(Inwoner, Inwoner.id == Bronsleutel.record_id)
            .where(Bronsleutel.entiteit == INWONER,
                   Bronsleutel.sleutel.in_(lijst[start : start + 900]))
        ).all()  # fmt: skip
        result.update({sleutel: (inwoner_id, geboren) for sleutel, inwoner_id, geboren in rows})
    return result


def _bekende_sleutels(session: Session, sleutels: list[str]) -> set[str]:
    bekend: set[str] = set()
    for start in range(0, len(sleutels), 900):
        bekend |= set(session.scalars(select(Bronsleutel.sleutel).where(
            Bronsleutel.entiteit == ENTITEIT,
            Bronsleutel.sleutel.in_(sleutels[start : start + 900]))))  # fmt: skip
    return bekend


def _controleer(
    w: dict[str, str], regel: int, fouten: Fouten, koppeling: Koppeling,
    inwoners: dict[str, tuple[uuid.UUID, date]], medewerkers: dict[str, Medewerker],
    actor: Medewerker, today: date | None,
) -> dict[str, Any] | None:  # fmt: skip
    """One line with the journal form's rules; the contact's column values when valid."""
    fout = False

    def weiger(melding: str, veld: str) -> None:
        nonlocal fout
        fout = True
        fouten.add(regel, melding, veld)

    if not w["sleutel"]:
        weiger("vul de sleutel van het contact in", "sleutel")
    inwoner = inwoners.get(w["inwoner"])
    if not w["inwoner"]:
        weiger("vul de sleutel van de inwoner in", "inwoner")
    elif inwoner is None:
        weiger(f"inwoner '{w['inwoner']}' is onbekend: importeer eerst de inwoners, of "
               "controleer de sleutel", "inwoner")  # fmt: skip
    datums, onleesbaar = {}, set()  # values whose problem is said already
    for veld in ("datum", "vervolgdatum"):
        datums[veld] = parse_date(w[veld]) if w[veld] else None
        if w[veld] and datums[veld] is None:
            onleesbaar.add(veld)
            weiger(f"de {veld} '{w[veld]}' is geen geldige datum; gebruik dd-mm-jjjj of "
                   "jjjj-mm-dd", veld)  # fmt: skip
    kanaal = code(FORMAAT.kolom("kanaal"), koppeling, w["kanaal"])
    if w["kanaal"] and kanaal is None:
        onleesbaar.add("kanaal")
        keuzes = codes_tekst(FORMAAT.kolom("kanaal"))
        weiger(f"kanaal '{w['kanaal']}' is onbekend; kies uit {keuzes} of vertaal het in de "
               "koppeling", "kanaal")  # fmt: skip
    vertrouwelijk = w["vertrouwelijk"].casefold()
    if vertrouwelijk not in JA | NEE:
        weiger(f"vertrouwelijk '{w['vertrouwelijk']}' is geen ja of nee", "vertrouwelijk")
    auteur = actor
    if naam := w["auteur"].lower():
        auteur = medewerkers.get(naam)
        if auteur is None:
            weiger(f"er is geen medewerker met gebruikersnaam '{naam}'", "auteur")
    gegevens = ContactGegevens(datums["datum"], kanaal, w["samenvatting"], w["vervolgactie"],
                               datums["vervolgdatum"], vertrouwelijk in JA)  # fmt: skip
    errors = field_errors(gegevens, geboortedatum=inwoner[1] if inwoner else None, today=today)
    for veld, melding in errors.items():
        if veld not in onleesbaar:
            weiger(melding, veld)
    if fout or inwoner is None or auteur is None:
        return None
    return {"sleutel": w["sleutel"], "inwoner_id": inwoner[0], "auteur_id": auteur.id,
            "datum": gegevens.datum, "kanaal": kanaal,
            "samenvatting": gegevens.samenvatting.strip(),
            "vervolgactie": gegevens.vervolgactie.strip() or None,
            "vervolgdatum": gegevens.vervolgdatum,
            "vertrouwelijk": gegevens.vertrouwelijk}  # fmt: skip


def _schrijf(session: Session, actor: Medewerker, contacten: list[dict[str, Any]],
             geschreven: Callable[[int], None]) -> None:  # fmt: skip
    """Bulk insert with the same audit records as `add_contactmoment`, and the source keys."""
    rijen, audit, sleutels = [], [], []
    for contact in contacten:
        waarden_ = {k: v for k, v in contact.items() if k != "sleutel"}
        rij = {"id": uuid.uuid4(), "versie": 1, **waarden_}
        rijen.append(rij)
        audit.append({"id": uuid.uuid4(), "moment": next_moment(), "medewerker_id": actor.id,
                      "gebruikersnaam": actor.gebruikersnaam, "inwoner_id": rij["inwoner_id"],
                      "record_id": rij["id"], "actie": AuditActie.AANGEMAAKT,
                      "onderwerp": "contactmoment", "reden": "import",
                      "velden": velden_json({"datum": (None, rij["datum"]),
                                             "kanaal": (None, rij["kanaal"])})})  # fmt: skip
        sleutels.append({"id": uuid.uuid4(), "entiteit": ENTITEIT, "sleutel": contact["sleutel"],
                         "record_id": rij["id"]})  # fmt: skip
    for start in range(0, len(rijen), CHUNK):
        session.execute(insert(Contactmoment.__table__), rijen[start : start + CHUNK])
        session.execute(insert(AuditRecord.__table__), audit[start : start + CHUNK])
        session.execute(insert(Bronsleutel.__table__), sleutels[start : start + CHUNK])
        geschreven(start + len(rijen[start : start + CHUNK]))


def export_rijen(session: Session, *, actor: Medewerker) -> list[list[str]]:
    """Every contact of an inwoner with personal data, in FORMAAT's layout; audited."""
    vereis(actor, Gegeven.VERHUIZING, Recht.LEZEN)
    sleutels = dict(session.execute(select(Bronsleutel.record_id, Bronsleutel.sleutel)).all())
    auteurs = dict(session.execute(select(Medewerker.id, Medewerker.gebruikersnaam)).all())
    rijen, audit = [], []
    for c in session.scalars(select(Contactmoment).join(Inwoner)
                             .where(Inwoner.bsn.is_not(None))
                             .order_by(Contactmoment.inwoner_id, Contactmoment.datum,
                                       Contactmoment.id)):  # fmt: skip
        rijen.append([
            sleutels.get(c.id, str(c.id)), sleutels.get(c.inwoner_id, str(c.inwoner_id)),
            format_date(c.datum), c.kanaal.value, c.samenvatting, c.vervolgactie or "",
            format_date(c.vervolgdatum), "ja" if c.vertrouwelijk else "nee",
            auteurs.get(c.auteur_id, ""),
        ])  # fmt: skip
        audit.append({"id": uuid.uuid4(), "moment": next_moment(), "medewerker_id": actor.id,
                      "gebruikersnaam": actor.gebruikersnaam, "inwoner_id": c.inwoner_id,
                      "record_id": c.id, "actie": AuditActie.GEEXPORTEERD,
                      "onderwerp": "contactmoment", "reden": "export"})  # fmt: skip
    for start in range(0, len(audit), CHUNK):
        session.execute(insert(AuditRecord.__table__), audit[start : start + CHUNK])
    return rijen


def exporteer(session: Session, *, actor: Medewerker, pad: Path) -> int:
    return schrijf_export(pad, FORMAAT, export_rijen(session, actor=actor))
