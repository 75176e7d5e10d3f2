"""The health score's weights and thresholds, from an editable YAML file."""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import BaseModel, Field, ValidationError, field_validator

from bot.core.errors import UserInputError

DEFAULT_CONFIG = Path(__file__).with_name("health.yaml")
COMPONENTS = ("adoption", "engagement", "support", "satisfaction", "relationship", "renewal")


class Bands(BaseModel):
    green: float = 75
    yellow: float = 50


class Thresholds(BaseModel):
    adoption_full: float = 0.80
    feature_adoption_full: float = 0.60
    tickets_per_100_zero: float = 6.0
    nps_zero: float = -20
    nps_full: float = 60
    csat_zero: float = 3.0
    csat_full: float = 4.5
    trend_full_scale: float = Field(0.20, gt=0)
    nps_trend_full_scale: float = Field(20, gt=0)
    renewal_window_days: int = 120
    sentiment_window_days: int = 90
    relationship_window_days: int = 180


class Penalties(BaseModel):
    champion_departure: float = 0.5
    sponsor_departure: float = 0.5
    unanswered_executive: float = 0.3
    negative_sentiment: float = 0.3


class SignalThresholds(BaseModel):
    falling_active_users: float = -0.10
    rising_tickets: float = 0.50
    falling_nps_points: float = -10


class HealthConfig(BaseModel):
    version: str = "health-v1"
    weights: dict[str, float]
    bands: Bands = Bands()
    thresholds: Thresholds = Thresholds()
    penalties: Penalties = Penalties()
    signals: SignalThresholds = SignalThresholds()

    @field_validator("weights")
    @classmethod
    def _known_components(cls, weights: dict[str, float]) -> dict[str, float]:
        unknown = set(weights) - set(COMPONENTS)
        if unknown:
            raise ValueError(f"unknown components {sorted(unknown)}; known: {', '.join(COMPONENTS)}")
        if any(w < 0 for w in weights.values()) or not any(w > 0 for w in weights.values()):
            raise ValueError("weights must be non-negative and at least one positive")
        return weights


def load_health_config(path: Path | None = None) -> HealthConfig:
    """Read and validate a health config; a broken file is a clear user error."""
    path = path or DEFAULT_CONFIG
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        return HealthConfig.model_validate(data)
    except FileNotFoundError:
        raise UserInputError(f"health config not found: {path}") from None
    except (yaml.YAMLError, ValidationError, TypeError) as exc:
        raise UserInputError(f"invalid health config {path}: {exc}") from None
