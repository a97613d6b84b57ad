"""Surroundings of a core request: greetings, sign-offs, context, tone, slot values.

Two disjoint pools (``train`` and ``test``) so held-out tickets differ from training tickets in
their wrapping as well as in their core phrasing.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class WrapperPool(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    greetings: tuple[str, ...]
    closings: tuple[str, ...]
    names: tuple[str, ...]
    context: tuple[str, ...]
    angry: tuple[str, ...]
    polite: tuple[str, ...]
    follow_ups: tuple[str, ...]
    order_refs: tuple[str, ...]
    products: tuple[str, ...]
    dates: tuple[str, ...]


TRAIN_WRAPPERS = WrapperPool(
    greetings=(
        "Hi,",
        "Hello,",
        "Hi there,",
        "Dear support team,",
        "Good morning,",
        "Hey,",
        "Hello team,",
        "Dear Sir or Madam,",
        "Hi support,",
        "Good day,",
        "Hello customer service,",
    ),
    closings=(
        "Thanks,",
        "Thank you,",
        "Best regards,",
        "Cheers,",
        "Kind regards,",
        "Thanks in advance,",
        "Best,",
        "Warm regards,",
        "Thank you very much,",
        "Yours,",
    ),
    names=(
        "John",
        "Maria",
        "Noah Brown",
        "Aisha",
        "Tom K.",
        "Yuki",
        "Lena Fischer",
        "Carlos",
        "Ahmed",
        "Sophie",
    ),
    context=(
        "I'm a regular customer of your shop.",
        "I bought something from you last month.",
        "This is my second time writing about this.",
        "I hope you can help me quickly.",
        "I have been shopping with you for years.",
        "I already checked the FAQ.",
        "I placed an order on your site recently.",
        "My sister told me about your website.",
        "I phoned earlier but the line was busy.",
        "I'm writing from my work email.",
        "I made my first order with you this spring.",
        "I've read your help pages but I'm still unsure.",
        "I love your products usually.",
        "Quick question.",
        "I'm on the mobile app right now.",
        "I hope this is the right place to ask.",
    ),
    angry=(
        "This is ridiculous!",
        "I'm really fed up.",
        "Seriously, I'm furious.",
        "Unbelievable.",
        "I'm so angry right now.",
        "What a mess.",
        "I'm losing my patience.",
        "This is the worst.",
    ),
    polite=(
        "Could you please help me?",
        "Sorry to bother you.",
        "I would appreciate your help.",
        "Hope you are doing well.",
        "Thanks for your time.",
    ),
    follow_ups=(
        "Please get back to me soon.",
        "Let me know what you need from me.",
        "I'm available by email.",
        "Looking forward to your answer.",
        "Thanks for checking.",
        "You can reach me on this address.",
        "A quick reply would be great.",
    ),
    order_refs=(
        "#W2611340",
        "order #W4817420",
        "#W1234567",
        "W9876543",
        "order number #W5550123",
        "my order",
    ),
    products=(
        "Running Shoes",
        "Backpack",
        "Smart Watch",
        "Coffee Maker",
        "Laptop",
        "T-Shirt",
        "Office Chair",
        "Wireless Earbuds",
        "Desk Lamp",
        "Yoga Mat",
        "Bluetooth Speaker",
        "Hiking Boots",
        "Tablet",
        "Electric Kettle",
        "Sunglasses",
        "Vacuum Cleaner",
    ),
    dates=("Monday", "May 3", "last Friday", "the 12th", "2024-05-10", "yesterday"),
)

TEST_WRAPPERS = WrapperPool(
    greetings=("Greetings,", "To whom it may concern,", "Hiya,", "Dear customer care,", "Good evening,"),
    closings=("Regards,", "Many thanks,", "Sincerely,", "All the best,"),
    names=("Priya", "Oliver Smith", "Fatima", "Jan de Vries", "Mei"),
    context=(
        "I ordered from your website a few weeks ago.",
        "It's my first purchase with you.",
        "A friend recommended your store.",
        "I tried calling but nobody answered.",
    ),
    angry=("This is a joke.", "I've had enough.", "Absolutely unacceptable!"),
    polite=("I'd be grateful for your assistance.", "Hope you're well."),
    follow_ups=("Please reply at your earliest convenience.", "Thanks for looking into this."),
    order_refs=("#W7301986", "order W3141592", "purchase #W2718281", "my recent order"),
    products=(
        "Espresso Machine",
        "Headphones",
        "Digital Camera",
        "Fleece Jacket",
        "Gaming Mouse",
        "Air Purifier",
        "Mechanical Keyboard",
        "Water Bottle",
        "Sneakers",
        "Portable Charger",
        "Bicycle",
        "Perfume",
    ),
    dates=("Tuesday", "June 21", "last week", "the 3rd", "2024-07-02"),
)
