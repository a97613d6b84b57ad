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
    # Subject lines put above some tickets (empty: none). Generic ones only, so that a subject
    # teaches the model nothing about the intent, as most real subjects do.
    subjects: tuple[str, ...] = ()


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
        "Dear team,",
        "Hi guys,",
        "Morning,",
        "Hello again,",
        "Dear Sir/Madam,",
        "Hi folks,",
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
        "Have a nice day,",
        "Greetings from Berlin,",
        "Thanks a lot,",
        "Speak soon,",
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
        "I ordered a few things from you recently and have a question about one of them.",
        "Sorry for the long message, but I want to explain everything properly.",
        "I have been a customer for a while and never had to write before.",
        "Your chat was not working so I'm sending an email.",
        "My order number is in the subject.",
        "I'm writing on behalf of my mother, it's her account.",
        "I tried the website first but couldn't find an answer.",
        "I'm travelling at the moment so email is best.",
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
        "I am beyond frustrated with you people.",
        "Third email about this and still nothing!!",
        "Honestly, how hard can it be?",
        "I'm extremely annoyed.",
        "Sort this out NOW.",
        "Your service has been a disaster so far.",
        "I expected much better from your company.",
        "If this isn't fixed today I'm going to my bank.",
        "Do your job please.",
        "Absolutely ridiculous, I've wasted hours on this.",
        "I'm really upset about this.",
        "Why does nothing ever work with you?",
    ),
    polite=(
        "Could you please help me?",
        "Sorry to bother you.",
        "I would appreciate your help.",
        "Hope you are doing well.",
        "Thanks for your time.",
        "I hope you can help.",
        "Thank you so much in advance.",
        "Sorry if this is a silly question.",
        "No rush, whenever you can.",
    ),
    follow_ups=(
        "Please get back to me soon.",
        "Let me know what you need from me.",
        "I'm available by email.",
        "Looking forward to your answer.",
        "Thanks for checking.",
        "You can reach me on this address.",
        "A quick reply would be great.",
        "My phone number is on my account if you need to call.",
        "I've attached a photo.",
        "Please confirm once it's done.",
        "Let me know if you need anything else from me.",
        "I'd appreciate an answer today.",
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
    subjects=(
        "Help needed",
        "Urgent",
        "Re: your email",
        "Fwd: my order",
        "Enquiry",
        "Problem",
        "Request",
        "My order",
        "Regarding my purchase",
        "(no subject)",
        "Customer query",
        "Please help",
        "Issue",
        "Account",
        "Quick question",
        "Hi",
        "Order",
        "Need assistance",
        "Contact form",
        "Re: Re: ticket",
        "Inquiry about order",
        "Assistance please",
    ),
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
