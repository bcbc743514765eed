"""Building the Microsoft backend from a workshop config (sign-in, folder, sharing)."""

from __future__ import annotations

from sheets_sync.config import WorkshopConfig
from sheets_sync.core.principles import PRINCIPLES
from sheets_sync.model import CellValue, TabSpec
from sheets_sync.tabs.consensus import CONSENSUS_LAYOUT
from sheets_sync.tabs.gap import gap_tab
from sheets_sync.tabs.keys import CONSENSUS
from sheets_sync.tabs.templates import load_templates

from .adapter import MicrosoftBackend
from .auth import MicrosoftSignIn, tokens_for


def sign_in_of(config: WorkshopConfig) -> MicrosoftSignIn:
    """What msal needs from ``[microsoft]``."""
    ms = config.microsoft
    return MicrosoftSignIn(
        tenant=ms.tenant,
        client_id=ms.client_id,
        mode=ms.sign_in,
        on_site=ms.site is not None,
        certificate=ms.certificate_file,
        thumbprint=ms.certificate_thumbprint,
        secret_file=ms.secret_file,
    )


def editors(config: WorkshopConfig) -> list[str]:
    """Who gets edit access: facilitators and every table's editors, each once."""
    seen: dict[str, str] = {}
    for email in (*config.facilitators, *(e for t in config.tables for e in t.editors)):
        seen.setdefault(email.lower(), email)
    return list(seen.values())


def gap_spares(
    config: WorkshopConfig,
) -> tuple[list[TabSpec], list[dict[tuple[int, int], CellValue]]]:
    """What ``gap`` adds later, so the upload carries it as spares (:mod:`.spares`): the form
    of a gap tab once for each of the agreed five (only the form matters, not the principle
    it is drawn for), and what a gap tab holds for each of the 17 principles, so the upload
    sizes the spares' rows (heading, ideal) for the tallest and no claimed text is clipped."""
    templates = load_templates(config.templates)
    n = CONSENSUS_LAYOUT.size
    form = gap_tab(templates, 1, PRINCIPLES[0], "spare", {}).spec
    fills = [dict(gap_tab(templates, n, p, "spare", {}).cells) for p in PRINCIPLES]
    return [form] * n, fills


def open_microsoft_backend(config: WorkshopConfig) -> MicrosoftBackend:
    """The workshop's Excel workbook in Microsoft 365 (made by `provision` if needed)."""
    ms = config.microsoft
    spares, spare_fills = gap_spares(config)
    return MicrosoftBackend(
        tokens_for(sign_in_of(config)),
        title=f"{config.title}: {config.locality}",
        workshop_id=config.workshop_id,
        folder=ms.folder,
        site=ms.site,
        drive_id=ms.drive_id,
        item_id=ms.item_id,
        state_file=config.state_file,
        share_with=editors(config),
        notify=ms.notify,
        spares=spares,
        spare_fills=spare_fills,
        autofit=(CONSENSUS,),
    )
