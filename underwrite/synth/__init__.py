"""Application packets: realistic documents rendered from real dataset rows, plus their answer key.

``generate_packets`` turns dataset rows into packet folders; ``render_packet`` re-renders one truth
(optionally with a compliance :class:`PacketVariant`); ``load_application`` reads a packet folder
back into an :class:`~underwrite.core.schemas.Application` without looking at ``truth.json``.
"""

from underwrite.synth.generate import PACKET_DATASETS, PacketError, generate_packets
from underwrite.synth.render import render_packet
from underwrite.synth.truth import Injection, PacketTruth, PacketVariant
from underwrite.tools.intake.packet import load_application

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
