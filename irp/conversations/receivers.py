"""Reactions to other apps' events, each calling one service."""
