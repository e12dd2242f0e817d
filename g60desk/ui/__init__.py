"""The ttkbootstrap window: views that talk to services only."""
