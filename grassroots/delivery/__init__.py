"""Delivery: reports and alerts sent where leaders read them (企业微信, 钉钉, 飞书, mail), once.

destinations.py  the destination strings and how each service is spoken to
message.py       what a delivery says (headline numbers from the report's .json; alerts)
settings.py      config/delivery.toml, validated
state.py         `<database>.delivery.sqlite`: job runs and delivery outcomes; the delivery lock
deliver.py       one delivery, step by step, with retries, back-off and the audit log
jobs.py          due jobs, the report and alerts runs, the in-process scheduler
cron.py          cron-style schedules
push_cli.py      python -m grassroots push
schedule_cli.py  python -m grassroots schedule
"""
