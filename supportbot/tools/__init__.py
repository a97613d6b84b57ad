"""Typed order-database tools that enforce ownership, policy, consent, idempotency and audit.

- ``registry``: ``REGISTRY`` (name -> ``ToolSpec``), ``call_tool``, ``as_langchain_tools``
- ``context``: ``ToolContext`` (engine, acting customer, ticket, actor, settings)
- ``results``: ``ToolResult`` and its refusals (the contract the agent and replies read)
- ``runner``: one call = validation, identity, one transaction with the effect and its audit row
- ``runtime``: owned-record access and row locks for tool functions
- ``lookups``, ``order_actions``, ``returns``, ``account``: the tools, one module per group
- ``args``, ``views``, ``items``, ``refunds``, ``invoice``: argument types, result views, shared checks
"""
