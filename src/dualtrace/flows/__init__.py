"""Trade flows: who gets controlled goods, by which route, before and after each control."""

from dualtrace.flows.control import ControlShift, control_shift, period_total

__all__ = ["ControlShift", "control_shift", "period_total"]
