"""Use cases over the company's records. Each service receives a session factory and a clock; actions call
services, services call pure rules in bot.domain and the models in bot.db."""
