"""Application packets: realistic documents rendered from real dataset rows, plus their answer key.

``generate_packets`` turns dataset rows into packet folders; ``render_packet`` re-renders one truth
(optionally with a compliance :class:`PacketVariant`); ``load_application`` reads a packet folder
back into an :class:`~underwrite.core.schemas.Application` without looking at ``truth.json``.
"""

from underwrite.tools.packets.application import load_application
from underwrite.tools.packets.generate import PACKET_DATASETS, PacketError, generate_packets
from underwrite.tools.packets.render import render_packet
from underwrite.tools.packets.truth import Injection, PacketTruth, PacketVariant

__all__ = [
    "PACKET_DATASETS",
    "Injection",
    "PacketError",
    "PacketTruth",
    "PacketVariant",
    "generate_packets",
    "load_application",
    "render_packet",
]
