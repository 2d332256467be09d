"""Dates and times as comment systems print them, in English, German, French and Spanish.

`DATE_RE` finds a date or time in a line; `DATE_GLUE` matches the words around one ("on", "um",
"à", "@"...), so that a line holding nothing but a date and its glue can be told apart.
"""

from __future__ import annotations

import re

from threadsift.decomposers.patterns import group

_MONTHS = group(
    r"jan(?:uary|uar|vier|\.)?",
    r"feb(?:ruary|ruar|\.)?",
    r"févr(?:ier|\.)?",
    r"fevrier",
    r"mar(?:ch|\.)?",
    r"märz",
    r"mars",
    r"apr(?:il|\.)?",
    r"avr(?:il|\.)?",
    r"may|mai",
    r"jun(?:e|i|\.)?",
    r"juin",
    r"jul(?:y|i|\.)?",
    r"juil(?:let|\.)?",
    r"aug(?:ust|\.)?",
    r"août",
    r"sep(?:t(?:ember|embre|\.)?)?",
    r"oct(?:ober|obre|\.)?",
    r"okt(?:ober|\.)?",
    r"nov(?:ember|embre|\.)?",
    r"dec(?:ember|\.)?",
    r"dez(?:ember|\.)?",
    r"déc(?:embre|\.)?",
    r"enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre",
    r"ene\.?|abr\.?|ago\.?|dic\.?|janv\.?|févr\.?|avr\.?|juil\.?|sept\.?|déc\.?|mär\.?|mrz\.?",
)
DATE = (
    r"\d{4}-\d{1,2}-\d{1,2}(?:[t ]\d{1,2}:\d{2}(?::\d{2})?)?",
    r"\d{1,2}[./-]\s?\d{1,2}(?:[./-]\s?|,\s)\d{2,4}\b",
    r"\d{1,2}\.?\s+(?:de\s+)?" + _MONTHS + r"\.?(?:,?\s+(?:de\s+)?\d{2,4})?",
    _MONTHS + r"\.?\s+\d{1,2}(?:st|nd|rd|th)?,?(?:\s+\d{2,4})?",
    _MONTHS + r"\s+\d{4}",
    r"\d{1,2}\s?(?::|h(?=\d))\s?\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?|uhr|h)?",
    r"\d{1,2}\s?[ap]\.?m\.?\b",
    r"\d{1,2}\.\d{2}\s?(?:uhr|h)\b",
    r"(?:vor|il y a|hace|about|ca\.)?\s*\d+\s*(?:sekunden?|minuten?|stunden?|tage[n]?|tag|wochen?"
    r"|monate[n]?|monat|jahre[n]?|jahr|seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?|secondes?|heures?"
    r"|jours?|semaines?|mois|ans|années?|segundos?|minutos?|horas?|días?|semanas?|meses|años)"
    r"(?:\s*(?:ago|her))?",
    r"(?:yesterday|today|gestern|heute|vorgestern|hier|aujourd'hui|ayer|hoy|just now|gerade eben)",
    r"(?:mon|tue|wed|thu|fri|sat|sun)(?:day|\.)?,?",
    r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|montag|dienstag|mittwoch"
    r"|donnerstag|freitag|samstag|sonntag|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche"
    r"|lunes|martes|miércoles|jueves|viernes|sábado|domingo),?",
)
DATE_RE = re.compile(
    group(*(r"(?<!\d)" + alt if alt[0] in "\\(" else r"(?<![^\W\d_])" + alt for alt in DATE))
    + r"(?![^\W\d_])",
    re.IGNORECASE,
)
#: Glue words around dates ("on", "um", "à", "at", "@"...) that a date-only line may contain.
DATE_GLUE = re.compile(
    r"#\d+|\s[-–—]+(?=\s|$)"
    r"|\b(?:am|um|on|at|à|a las|le|el|de|del|den|der|the|of|ago|uhr|h|hrs|um|,|@|\||"
    r"posted|updated|edited|geändert|bearbeitet|publié|modifié|publicado|editado)\b",
    re.IGNORECASE,
)
