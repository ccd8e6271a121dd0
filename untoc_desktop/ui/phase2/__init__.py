"""The guide's Phase 2 screens (issue 24): the pledge, engagement, public messages and follow-up,
opened from the dossier page, and the card that shows the guide's nine steps in two phases."""
