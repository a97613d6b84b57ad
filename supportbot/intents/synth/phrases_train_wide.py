"""A fourth training-pool batch: how customers actually write when they do not use our words.

Indirect requests ("I was wondering whether..."), the situation described instead of the request,
everyday synonyms, chatty and rambling tickets with context before the ask, short notes. Training
pool only; written apart from the held-out pool (:mod:`phrases_test`), ``[a|b]`` alternations as
in :mod:`phrases_train_extra`.
"""

from __future__ import annotations

_ORD = "[my order|{order}|the order|my purchase|the stuff I ordered|what I bought]"
_THING = "[the {product}|my {product}|the item|it|the product]"
_WONDER = "[I was wondering|I'm wondering|Just wondering|I wanted to ask|Quick question:]"

_SHARED = {"{_ORD}": _ORD, "{_THING}": _THING, "{_WONDER}": _WONDER}


def _resolve(phrase: str) -> str:
    for key, value in _SHARED.items():
        phrase = phrase.replace(key, value)
    return phrase


_WIDE: dict[str, list[str]] = {
    "track_order": [
        "{_WONDER} [where|how far along] {_ORD} is, [it says processing|I haven't heard anything|no email yet]",
        "I ordered [last week|on {date}|a few days ago] and [have no idea|don't know] [where it is|when it's coming|if it even shipped]",
        "[Do you know|Can someone tell me] [when|what day] I [can expect|will get|should receive] {_ORD}?",
        "[The tracking page|Your tracking link|The courier site] [shows nothing|isn't updating|says label created], [where is|what's happening with] {order}?",
        "[eta on|estimated arrival for|delivery date for] {order}?",
        "[Has anything happened with|Is there movement on|Any progress with] {_ORD}? [I'd like to plan to be home.|I need it for a trip.|]",
    ],
    "cancel_order": [
        "[I've decided I don't want|Turns out I don't need|I no longer want] {_ORD} [anymore|after all], [please make sure it doesn't ship|can you stop it|please cancel]",
        "[Please stop|Stop|Halt] {_ORD} [from shipping|before it goes out|right away], I [want|need] my money back [instead|and the order cancelled]",
        "[I made a mistake with|I messed up|I screwed up] {_ORD} [and would rather|and want to|so I'd like to] [cancel the whole thing|cancel it|scrap it and start over]",
        "[Is it possible|Would it be possible|Can I] to [cancel|undo] {order}? [I placed it an hour ago.|It hasn't shipped yet.|I ordered twice.]",
        "[Forget|Drop|Scratch] {_ORD}, [I don't want it|we don't need it any more|please cancel]",
        "[please|pls] [cancel|cancell|cancle] [{order}|my last order|the order]",
    ],
    "change_order": [
        "[I just realised|I only noticed now|I see] [I ordered|that I picked] the wrong [size|colour|model|quantity] in {order}, [can it be changed|could you correct it] before [it ships|dispatch]?",
        "[Before you ship|Before it goes out|While it's still pending], [can you|could you|please] [make it|change it to] [two|a size 10|the blue one|the larger one] [in|for] {order}",
        "[Is it too late|Am I still able|Can I still] to [add|swap|remove] [something|an item|the {product}] [in|on|to|from] {order}?",
        "[I'd like to|I want to|Need to] [adjust|tweak|correct] [what's in|the items in|the contents of] {_ORD}",
        "[Wrong variant|Wrong size|Wrong colour] selected [on|in] {order}, [please fix|please update|can you amend] before [shipping|it leaves]",
    ],
    "change_shipping_address": [
        "[I'm moving|I moved|We're moving] [next week|this weekend|recently] [so|and] {_ORD} [needs to go|should be delivered|has to be sent] to [my new address|a different place|another address]",
        "[I won't be home|Nobody will be home|I'm away] [when it arrives|that week], [can you|could you] [deliver|send] {order} to [my office|my neighbour|my work] [instead|please]?",
        "[The postcode|The house number|The street name|The zip code] [on|in] {order} is [wrong|missing|a typo], [please correct it|can you fix it]",
        "[Ship|Deliver|Send] {order} to [this address|the address below|my new address] [instead|please]: [12 Oak Street|7 Mill Road, Leeds|45 Park Lane]",
        "[Can I still change|Is it possible to change|How do I change] where {_ORD} [gets delivered|is going|is shipped]?",
    ],
    "place_order": [
        "[I'd love to|I'm keen to|I want to] [get|buy|grab] [a {product}|one of your {product}s|a few things] [but|and] [I'm not sure how|don't know how to order|can't figure out checkout]",
        "[Can you|Could you] [place|put in|make] an order for [a {product}|two {product}s|me] [for me|on my behalf|please]?",
        "[First time|New here|First time buying], [how do I|what's the way to] [buy|order|pay for] [something|an item|the {product}]?",
        "[I'd like to|Want to|Wanna] [order|buy|purchase] [another|a second|the same] {product} [again|as last time|for my partner]",
        "[Is there a way to|How can I] [order|buy] [without an account|as a guest|over the phone|in bulk]?",
    ],
    "check_cancellation_fee": [
        "[If I cancel|Were I to cancel|In case I cancel] {_ORD}, [will there be|do I get] [a fee|any charge|a penalty|anything deducted]?",
        "[How much|What amount] [would I lose|is deducted|do you keep] if I cancel [now|today|after paying]?",
        "[Do you|Does your shop] [charge|take] [a fee|money|anything] for [cancelling|cancellations|cancelled orders]?",
        "[cancel fee|cancellation cost|fee for cancelling]?",
        "[Before I cancel|Thinking about cancelling], [is it free|does it cost anything|will I be charged]?",
    ],
    "delivery_delay": [
        "[I was promised|The website said|You told me] {_ORD} would [arrive|be here|be delivered] [by {date}|within {days} days|last week] [and it's still not here|but nothing has come|and I'm still waiting]",
        "[Still waiting|Still no sign of|Where on earth is] {_ORD}? [It's way overdue.|It's {days} days late.|It should have come ages ago.]",
        "[The tracking has been stuck|Tracking hasn't updated|It's been sitting in the depot] for {days} days [and|so] {_ORD} [is late|is overdue|is delayed]",
        "[Why is|How come] {_ORD} [taking so long|so late|still not delivered]? [I paid for express.|It's past the delivery date.|I needed it by {date}.]",
        "[My delivery|The parcel|{order}] [missed|went past] [the delivery window|the estimated date|the promised date]",
    ],
    "missing_item": [
        "[I got|I received|The box came with] [only one|just part|half] of {_ORD}, [the {product} is missing|the rest never came|something's not there]",
        "[Opened|Unpacked|Went through] the [box|parcel|package] and [there's no|I can't find the|there was no] {product} [in it|inside|anywhere]",
        "[The packing slip|The invoice|The order] [lists|shows|says] [two|three|a] {product}[s|] but [only one came|it wasn't in the box|it isn't there]",
        "[Something|An item|One product] [is missing|was left out|didn't come] [from|in] {order}",
        "[I'm short|Short|I'm missing] [one|an|a] [item|{product}|piece] [from|in] [my delivery|{order}|the parcel]",
    ],
    "delivery_options": [
        "[What|Which] [shipping|delivery] [choices|methods|options|services] [do you offer|are there|can I choose]?",
        "[Do you do|Can I get|Is there] [next-day|same-day|express|weekend|Saturday] [delivery|shipping]?",
        "[Which couriers|What carriers|Who] do you [ship with|use|deliver with]? [DHL?|UPS?|Royal Mail?|]",
        "[Can I pick up|Is click and collect|Can I collect] [my order|orders] [in store|at a pickup point|at a parcel locker]?",
        "[Do you ship|Can you deliver|Do you send parcels] to [Canada|Norway|Australia|another country|PO boxes]?",
    ],
    "delivery_period": [
        "[How long|How many days] [does it usually take|will it take|do orders take] [to get here|for delivery|to arrive] [to Spain|to the UK|to my area|]?",
        "[If I order today|Ordering now|If I buy it now], [when|how soon] [would|will] it [arrive|get to me|be delivered]?",
        "[What's your|What is the|Typical] [standard|normal|average] [delivery time|shipping time|lead time]?",
        "[Do you ship|How fast do you ship|How quickly do you dispatch] [within|in] [a couple of|two|a few] days?",
        "[How long|Days] [for|does] [express|standard|international] [shipping|delivery] [take|usually]?",
    ],
    "set_up_shipping_address": [
        "[I want to|How do I|Help me] [save|store|set] [my home address|a default address|an address] [in|on] my [account|profile] [for next time|for future orders|]",
        "[My profile|My account] [still has|shows] my old address, [how do I|I want to] [change|update] the [default|saved] one [for future orders|going forward]",
        "[Can I|How do I] [add|set up|keep] [more than one|a second|a work] [shipping address|delivery address] [on|in|to] my account?",
        "[Where do I|How to] [make|set] [this address|my new address|an address] [my default|the default|the main one] for [shipping|deliveries]?",
    ],
    "return_item": [
        "[The {product} doesn't fit|I don't like the {product}|The {product} isn't what I expected] [so|and] I [want to|'d like to|need to] [send it back|return it|get rid of it]",
        "[How do I|What's the process to|Can I] [return|send back|post back] {_THING} [for a refund|and get my money back|I bought from you]?",
        "[I need|Please send me|Where do I get] a [return label|returns form|return authorisation] for {order}",
        "[Returning|I'm returning|I want to return] [two items|the {product}|part of] {order}, [what do I do|how does it work|where do I send it]?",
        "[Start a return|Open a return|Return request] for {order} [please|pls|]",
    ],
    "exchange_item": [
        "[The {product}|The shoes|The jacket] [is|are] [a bit|way|too] [small|big|tight], [can I|I'd like to] [get|swap it for|exchange it for] [the next size|a different size|another size] [instead|]",
        "[I'd rather|I'd prefer to|Could I] [exchange|swap|switch] [the {product}|it] for [another colour|a different colour|the grey version] [rather than a refund|instead of getting money back|]",
        "[Can I|How do I] [exchange|swap] [an item|the {product}|my {product}] [I received|from {order}|that I got]?",
        "[Exchange|Swap] [request|please]: [size M for L|black for white|the {product} for a different model]",
    ],
    "get_refund": [
        "[I want|I'd like|I need] [my money back|a refund|to be refunded] for {_ORD}[.| please.| now.]",
        "[Can you|Please|Could you] [refund|credit] [me|my card|the {amount}] [for|on] {order}?",
        "[I never got|You cancelled|I returned] {_ORD} [so|and] I [expect|want|should get] [a full refund|my {amount} back|my money back]",
        "[Refund|Money back] [please|asap|for {order}]",
        "[Just give me|I'd just like] [my money back|a refund], [I don't want a replacement|no exchange|I'm done with this order]",
    ],
    "track_refund": [
        "[You said|I was told|Your email said] [my refund|the refund|the money] [was|had been] [sent|processed|issued] [but|and yet] [I don't see it|it hasn't arrived|nothing is in my account]",
        "[When will|How long until|How long before] [I get|I see|the refund for {order} reaches] [my refund|my money back|the money] [on my card|in my account|]?",
        "[Status of|Update on|Where's] [my refund|the refund for {order}|my {amount} refund]?",
        "[I returned|I sent back|You received] [the {product}|{order}] [two weeks ago|{days} days ago|on {date}] [and|but] [still no refund|the refund hasn't come|no money yet]",
    ],
    "check_refund_policy": [
        "[How many days|How long] do I have to [return|send back|get a refund on] [something|an item|a purchase]?",
        "[Can I|Am I able to] [return|get a refund on] [sale items|opened products|a used item|a gift]?",
        "[What's|What is|Where can I read] your [return|returns|refund|money-back] [policy|rules|terms]?",
        "[Do you|Will you] [refund|cover] [return shipping|the postage|the delivery cost] [when I return something|on returns]?",
        "[Is there a|What's the] [return window|refund deadline|returns period]?",
    ],
    "damaged_item": [
        "[The {product}|My {product}|It] [arrived|came|turned up] [with a crack|dented|scratched|in pieces|broken]",
        "[The box was crushed|The parcel was soaked|The package was ripped] and [the {product} inside|what's inside|the item] is [damaged|broken|ruined]",
        "[It doesn't work|It won't turn on|It's defective] [straight out of the box|from day one|right after unpacking], {_ORD}",
        "[I got|I received] [a damaged|a broken|a faulty|a dented] {product} [in|from|with] {order}, [what now|what do I do|please help]",
        "[screen cracked|glass shattered|handle snapped|parts broken] [on arrival|when it arrived|in the box]",
    ],
    "wrong_item": [
        "[This isn't|That's not|It's not] what I [ordered|bought|paid for], [you sent|I got|I received] [a {product}|the wrong thing|something else]",
        "[I ordered|I paid for] [a {product}|size M|the blue one] but [got|received|you sent] [a different one|the wrong size|a red one|something completely different]",
        "[Wrong item|Wrong product|Incorrect item] [in|delivered for|sent with] {order}",
        "[The item in the box|What arrived|The parcel contents] [doesn't match|isn't the same as] [my order|what I ordered|the website]",
    ],
    "check_payment_methods": [
        "[Can I|Is it possible to] [pay|checkout] [with|using|by] [PayPal|Apple Pay|Klarna|bank transfer|cash on delivery|Amex]?",
        "[What|Which] [payment methods|cards|ways to pay] [do you take|are accepted|can I use]?",
        "[Do you accept|Do you take] [crypto|gift cards|American Express|Maestro|instalments]?",
        "[I don't have a credit card|I have no card], [how else|what other way] can I pay?",
    ],
    "payment_issue": [
        "[My card|The payment|My PayPal] [keeps getting|was|got] [declined|rejected|refused] [at checkout|when I pay|on your site]",
        "[I can't|Can't|Unable to] [pay|complete the payment|finish checkout], [it says|error:|message says] [payment failed|transaction declined|try again later]",
        "[The payment page|Checkout] [won't accept|keeps refusing|errors on] my [card|Visa|Mastercard|bank details]",
        "[Money left my account|I was charged] but [the order failed|the site says payment failed|I got no order]",
        "[3D secure|Bank verification|The card check] [fails|doesn't work|times out] when I [pay|try to pay]",
    ],
    "double_charge": [
        "[I was charged|You charged me|You took] [twice|two times|double] for {_ORD}",
        "[My bank|My statement|My card] [shows|has] [two identical|duplicate|two] [charges|payments|transactions] [of {amount}|for one order|for {order}]",
        "[Why did you|Why was I] [bill|charged|take] [me] [twice|double|{amount} two times]?",
        "[Charged twice|Double charged|Duplicate payment] [for|on] {order}[, please fix|, refund one|]",
    ],
    "change_payment_method": [
        "[I want|I'd like|Can I] to [pay for|use a different card for|switch the payment for] {order} [with PayPal|with another card|by bank transfer] [instead|]?",
        "[My card expired|The card I used is blocked|I cancelled the card I used], [can I|how do I] [change|update] the payment [on|for] {order}?",
        "[Change|Update|Swap] [the card|the payment method|payment] [on|for] [my pending order|{order}]",
        "[Can I|Is it possible to] [put|move] {order} [on|onto] [another card|my partner's card|a different account]?",
    ],
    "check_invoice": [
        "[I don't understand|Can you explain|What's] [this charge|the line|the {amount}] [on|in] my [invoice|bill|receipt]?",
        "[The invoice|My bill|The receipt] [for {order}|I got] [has|shows] [the wrong amount|a wrong total|VAT I didn't expect|a strange fee]",
        "[Why is|How come] [the total|the amount] on [my invoice|the bill] [different from|higher than] [what I paid|the checkout price]?",
        "[Question about|Query on|Problem with] [an invoice|my invoice|the invoice for {order}]",
    ],
    "get_invoice": [
        "[Can I have|Could you send|I need] [an invoice|a receipt|a VAT invoice|a copy of the invoice] for {_ORD}[ please|, for my company|]",
        "[Where can I|How do I] [download|find|get] [my invoice|the receipt|a PDF invoice] [for {order}|for my purchase|]?",
        "[My employer|My accountant|Work] [needs|wants] [an invoice|a receipt] for {order}, [can you email it|please send one]",
        "[invoice|receipt|bill] for {order} [please|pls]",
    ],
    "apply_coupon": [
        "[My|The] [discount code|coupon|voucher|promo code] [isn't working|says invalid|won't apply|is rejected]",
        "[I have|I got] a [coupon|discount code|voucher] [from your email|from a friend|for my birthday], [where do I|how do I] [use|enter] it?",
        "[I forgot to use|I didn't apply|I missed entering] [my coupon|the code|my discount] [on|for] {order}, [can you still apply it|can you add it]?",
        "[Code|Voucher|Coupon] [SAVE10|WELCOME15|SPRING20] [doesn't work|not accepted|gives an error]",
    ],
    "product_info": [
        "[Is|Does] the {product} [waterproof|come with a warranty|dishwasher safe|compatible with iPhone|come with batteries]?",
        "[What are|Can you tell me] the [dimensions|materials|specs|measurements] of the {product}?",
        "[What's|What is] the difference between the {product} [models|versions|and the Pro version]?",
        "[I'm thinking of|I'm considering] [buying|getting] the {product}, [how big is it|what is it made of|is it any good for travel]?",
        "[Does the {product} run|Does it fit|Is the {product}] [true to size|small|large]?",
    ],
    "check_stock": [
        "[Is|Are] the {product}[s|] [available|in stock|still available] [in|in size|in colour] [medium|black|42|blue]?",
        "[When will|When do you expect] the {product} [be back in stock|to be restocked|to be available again]?",
        "[The {product} shows|Your site says] [sold out|out of stock|unavailable], [any more coming|will you get more|when is it back]?",
        "[Do you have|Have you got] [any|a] {product} [left|in stock|available] [right now|at the moment]?",
    ],
    "price_inquiry": [
        "[How much|What] [is|does] the {product} [cost|go for|retail at]?",
        "[What's the price|Price] [of|for] [the {product}|two {product}s|the bigger {product}]?",
        "[Is the {product}|Will the {product} be] [on sale|cheaper|discounted] [soon|this week|for Black Friday]?",
        "[How much would it be|What would I pay] for [the {product}|a {product}] [with shipping|including tax|in total]?",
    ],
    "warranty_claim": [
        "[My {product}|The {product} I bought] [broke|stopped working|died|won't charge] after [a few months|half a year|some weeks] of [use|normal use], [is it under warranty|can I claim warranty|what are my options]",
        "[How long|What] is the [warranty|guarantee] on the {product}? [Mine has a fault.|It's broken now.|]",
        "[I want to|I'd like to|How do I] [make|file|submit] a [warranty claim|guarantee claim] for [my {product}|a faulty {product}]",
        "[The {product}|It] [developed a fault|is faulty now|has a defect] [after|within] [a year|eight months|normal use], [repair or replace please|is this covered]?",
    ],
    "create_account": [
        "[I'd like to|I want to|How do I] [open|create|make|set up] [an account|a customer account|a profile] [with you|on your site|in the app]?",
        "[Can I|Is it possible to] [sign up|register] [with my Google account|with my email|without a phone number]?",
        "[I don't have|I haven't got] an account yet, [how do I get one|what do I do to join|how do I register]?",
        "[Sign up|Register|Join] [please|help|how]",
    ],
    "delete_account": [
        "[Please|I want you to|Kindly] [delete|close|remove|shut down] my [account|customer account|profile] [and all my data|for good|permanently]",
        "[I'm done with|I don't use|I want to leave] [your shop|this store|my account], [close|delete] [my account|it] [please|now]",
        "[How do I|Where can I] [delete|close|deactivate] my account?",
        "[GDPR|Data protection] request: [erase|delete] [my account|my data] [please|]",
    ],
    "edit_account": [
        "[I need to|How do I|I want to] [update|change|correct] [my email address|my phone number|my name|my surname] [on|in] my [account|profile]",
        "[I got married|I changed my number|I have a new email], [can you update|how do I update|please change] [my account|my profile|my details]?",
        "[The name|The phone number|The email] [on my account|in my profile] is [wrong|spelled wrong|out of date]",
        "[Where do I|How can I] [edit|change] [my profile|my personal info|account details]?",
    ],
    "switch_account": [
        "[How do I|Can I] [switch|change|move] [from|between] [my personal and business accounts|my two accounts|one account to another]?",
        "[I want to|Can I] [upgrade|downgrade|change] [my account|my membership type] to [premium|business|basic|the free version]",
        "[I'm logged into|I'm using] the wrong account, [how do I switch|how do I log into the other one|can I swap]?",
        "[Merge|Combine|Move] my [two accounts|orders to my other account|old account into the new one]",
    ],
    "recover_password": [
        "[I forgot|I can't remember|I've lost] my password, [how do I reset it|help me get back in|what do I do]?",
        "[The reset link|The password email|The reset email] [never came|isn't arriving|has expired|doesn't work]",
        "[Reset|Send me a reset for|I need a new] [my password|password] [please|pls|]",
        "[I'm locked out because|I can't get in since] I [forgot|don't know] my password",
    ],
    "registration_problems": [
        "[I'm trying to|I tried to|I keep trying to] [sign up|register|create an account] [but|and] [it fails|it gives an error|nothing happens|it won't go through]",
        "[The sign-up form|Registration|Account creation] [says|tells me] [my email is already used|the password is invalid|something went wrong]",
        "[I never got|No] [the confirmation email|the verification code|the activation link] [after signing up|when registering|to finish registration]",
        "[Can't|Cannot|Unable to] [register|sign up|make an account] [on your site|in the app|at all]",
    ],
    "login_issue": [
        "[I can't|I cannot|Can't] [log in|sign in|get into my account] [even though|although] [my password is right|I reset it|my details are correct]",
        "[My account|The login] [is locked|got blocked|says suspended] [after|because of] [too many tries|a few attempts|no reason]",
        "[The verification code|The 2FA code|The SMS code] [never arrives|doesn't come|is rejected] when I [log in|sign in]",
        "[Login|Sign in] [keeps failing|doesn't work|loops back to the start] [on the app|on the website|since the update]",
    ],
    "newsletter_subscription": [
        "[Stop|Please stop] [sending me|the] [emails|newsletters|promotions|marketing mails] [please|I never signed up|]",
        "[I'd like to|How do I|Can I] [sign up for|subscribe to|get] [your newsletter|the mailing list|deal emails]?",
        "[Remove|Take] [my email|me|this address] [from|off] [your mailing list|the newsletter|all marketing]",
        "[Too many emails|I get too many emails|Your emails are spam], [unsubscribe me|opt me out|stop them]",
    ],
    "cancel_subscription": [
        "[I want to|Please|How do I] [cancel|end|stop] my [subscription|membership|monthly plan|premium plan] [before it renews|from next month|now]",
        "[Don't|Please don't] [renew|charge me again for] my [membership|subscription|plan]",
        "[I'm being charged|You keep charging me] [every month|monthly|each year] for [a subscription|a membership|a plan] [I want to cancel|I don't use]",
        "[Turn off|Stop|Disable] [auto-renewal|the recurring payment|my subscription] [please|]",
    ],
    "app_crash": [
        "[The app|Your app|The website] [crashes|closes|freezes|goes blank] [whenever|every time|as soon as] I [open it|go to checkout|tap my orders]",
        "[I keep getting|There's|I see] [an error|a white screen|error 500|a spinning wheel] [on|in] [the app|your site|checkout]",
        "[Since the update|After updating|Today] the [app|iOS app|Android app] [won't open|keeps crashing|is frozen]",
        "[App|Site|Checkout] [broken|crashed|not responding], [can't do anything|please fix|help]",
    ],
    "connectivity_issue": [
        "[Your site|The website|The app] [won't load|isn't loading|keeps timing out|says no connection] [for me|on my phone|at all]",
        "[I keep losing connection|The connection drops|It disconnects] [on|in|with] [the app|your website|checkout]",
        "[Is your site down|Is the app down|Are your servers down]? [It won't load.|Nothing works.|I can't reach it.]",
        "[Page not loading|Server not responding|Connection error] [on your site|in the app|again]",
    ],
    "complaint": [
        "[I'm really not happy|I'm very disappointed|I'm fed up] with [your service|how I've been treated|this shop|the whole experience]",
        "[I want to|I'd like to|I wish to] [make|file|raise|submit] a [formal complaint|complaint] [about|regarding] [your staff|the service|my experience]",
        "[Worst|Terrible|Awful] [service|shopping experience|customer care] [ever|I've had|in years], [I'm never ordering again|I'll tell everyone|shame on you]",
        "[Nobody|No one] [answers|replies|helps] [and|so] I [want to complain|am complaining|want this escalated as a complaint]",
    ],
    "review": [
        "[I want to|I'd like to|How do I] [leave|write|post] a [review|rating|comment] [for|on|about] [the {product}|my purchase|your shop]",
        "[Just wanted to say|I wanted to tell you|Feedback:] [the {product} is great|I love my {product}|delivery was fast|great service]",
        "[Where|How] [can I|do I] [rate|give stars to|review] [my order|the product|a product]?",
        "[Here's|I have] [some feedback|a suggestion|a review] [on|for|about] [your website|the {product}|my order]",
    ],
    "contact_customer_service": [
        "[What's|What is|Can I have] your [phone number|support email|contact number|helpline]?",
        "[When|What time] [is|are] [customer service|your support team|the helpline] [open|available|reachable]?",
        "[How do I|How can I|Is there a way to] [contact|get in touch with|reach|call] [you|customer service|support] [by phone|by email|directly]?",
        "[Do you have|Is there] [live chat|a phone line|a WhatsApp number|an email] [for support|for questions|I can use]?",
    ],
    "contact_human_agent": [
        "[I want to|I need to|Let me] [talk|speak|chat] [to|with] [a human|a real person|an actual person|a person|an agent] [please|now|not a bot]",
        "[Stop|Enough with] the [bot|automated replies|robot], [put me through to|connect me with|transfer me to] [someone real|a human|staff]",
        "[Is there|Can I get|Can I have] [a human|a real person|an employee] [to help me|on this|to look at this]?",
        "[human|agent|representative|operator] [please|pls|now]",
    ],
}

_WIDE_LONG: dict[str, list[str]] = {
    "track_order": [
        "I [bought|ordered] [a {product}|a present for my son|some things] [on {date}|last week] and [the confirmation email|the app] [says|said] it would [ship soon|ship in two days]. [Has it gone out yet?|Can you tell me where it is now?|Could you check on it?]",
        "[My daughter's birthday|Our trip|The event] is [on {date}|this weekend|next week], so I [need to know|want to make sure] [when {order} will be delivered|that {order} is on its way].",
    ],
    "cancel_order": [
        "[Hi again|So], I [placed|made] {order} [this morning|yesterday|an hour ago] but [my husband already bought one|I found it cheaper|I don't need it any more]. [Please cancel it|I'd like it cancelled|Can you cancel it] [before it ships|so I'm not charged|today].",
        "[I'm sorry for the trouble but|Unfortunately] [I have to|I need to|I must] [cancel|withdraw] {order}. [I lost my job|Plans changed|We're moving abroad] and [can't use it|won't need it].",
    ],
    "change_order": [
        "[I ordered|I bought] [the {product}|two shirts|a set] [in|as] [the wrong size|size S|black] [this morning|yesterday]. [It hasn't shipped yet|It still says processing], [can you change it to|please update it to|could you make it] [a medium|size L|white]?",
        "[My wife|My partner|My colleague] [wants|asked for] [one more|a second|another] {product}, [can you add it to|could it go in|please include it in] {order} [so it comes together|instead of a new order]?",
    ],
    "change_shipping_address": [
        "[I just noticed|I realised|Oops,] {order} [is going|will be sent|is addressed] to my [old flat|previous address|parents' old place]. [I moved out last month.|I don't live there any more.] [Please send it to|Can you change it to|Update it to] [24 River Street|my new flat|the address on my account].",
        "[For|About] {order}: [the building number is missing|I forgot the apartment number|the city is wrong] [in|on] the address. [Can you add|Please add|Could you put] [flat 3B|apartment 12|the right city] [before it ships|so the courier finds me]?",
    ],
    "place_order": [
        "[I saw|I found|My friend showed me] the {product} [on your website|in your catalogue|on Instagram] and [want one|would like to buy it|want to get it for my dad]. [What do I need to do?|How do I order it?|Can you help me get it?]",
        "[I tried to|I wanted to] [buy|order] [a {product}|something] [yesterday|earlier] but [got confused at checkout|couldn't find the buy button|didn't know which option to pick], [how does ordering work|can you take the order|what are the steps]?",
    ],
    "check_cancellation_fee": [
        "[I'm thinking about|I might be|I'm considering] cancelling {order} [but|though] [I want to know first|I need to check first|before I do,] [if it costs anything|whether there's a fee|what the charge is].",
        "[Your terms mention|I read about|Someone told me there's] a [cancellation charge|fee for cancelling]. [How much is it?|Does it apply to me?|Is it a percentage?]",
    ],
    "delivery_delay": [
        "I [ordered|paid for] {order} [on {date}|{days} days ago] with [express|standard] delivery. [It should have been here by now.|The estimated date came and went.] [What's going on?|Why is it so late?|This is taking forever.]",
        "[Every day|For a week now] [the tracking says|I'm told] ['out for delivery'|'delayed'|'in transit'] [but nothing arrives|and it never comes|with no change]. {order} is [seriously late|overdue|way behind].",
    ],
    "missing_item": [
        "[My parcel|The delivery|{order}] arrived [today|this morning|yesterday]. [I ordered three things|There should be two items|The order had a {product} and a case] but [only two were inside|one is missing|the {product} is not there].",
        "[I checked the box twice|We unpacked everything] and [we're missing|there's no|I can't find the] {product}. [Was it sent separately?|Can you send it?|Please help.]",
    ],
    "delivery_options": [
        "[I need|We need] [a {product}|the order] [by tomorrow|for Saturday|quickly]. [What are my shipping options?|Is there a faster delivery?|Can I pay for express?]",
        "[Do you offer|Can I choose] [a delivery time slot|evening delivery|delivery to a pickup point|collection from a store] [when ordering|at checkout]?",
    ],
    "delivery_period": [
        "[I'm thinking of ordering|Before I order|I want to buy] [a {product}|a gift]. [How long would shipping take|How many days until it arrives|When would it get here] [to Ireland|to my town|to Italy]?",
        "[What's|How long is] the [normal|usual] [wait|waiting time|turnaround] [between ordering and delivery|from order to doorstep|for orders]?",
    ],
    "set_up_shipping_address": [
        "[We just moved|I have a new home|I changed address], [so|and] I [want|need] [future orders|all my deliveries] to go to [the new place|my new address]. [How do I update my account?|Where do I save it?]",
        "[At checkout|Every time I order] I [have to|must] type my address [again|from scratch]. [Can I save it in my account?|How do I store a default address?]",
    ],
    "return_item": [
        "[I bought|I got] [a {product}|this {product}] [from you|from {order}] [last week|on {date}] [but|and] [it's not what I wanted|I've changed my mind|it doesn't suit me]. [I'd like to send it back.|How do I return it?|Can I return it for a refund?]",
        "[The {product} is unused|It's still in the box|I never opened it], [so|and] I [want to|'d like to] return it. [Do you send a label?|Where do I post it?|What's the address for returns?]",
    ],
    "exchange_item": [
        "[I love the {product} but|The {product} is great, only] [it's the wrong size|the colour is off|it's too long]. [Can I swap it for|Could I exchange it for|I'd like to trade it for] [a size up|another colour|the short version] [without a refund|instead]?",
        "[Can you|Would you] [send me|ship me] [the right size|a different colour|another size] and [I'll send this one back|I return this one]? [I don't want my money back.|Just want the right one.]",
    ],
    "get_refund": [
        "[You cancelled my order|The order never arrived|I returned the item] [and|but] [I was still charged|you kept my money|the {amount} is still gone]. [I want it back.|Please refund me.|Give me a refund.]",
        "[After all this|Honestly], I [don't want a replacement|don't want to wait for another one|just want out]. [Please refund|Refund] [the {amount}|my payment|the full amount] [for {order}|to my card].",
    ],
    "track_refund": [
        "[I got an email that|Your team confirmed|You told me on {date} that] [my refund was approved|the refund is on its way]. [It's been {days} days|A week later] and [nothing has arrived|my bank shows nothing|I still don't have it].",
        "[How is|What's happening with|Can you check] the [refund|money back|reimbursement] for {order}? [Is it processed?|Has it been sent?|When does it reach me?]",
    ],
    "check_refund_policy": [
        "[Before I buy|Before ordering|I want to order but first], [what happens if|can I get my money back if] [it doesn't fit|I don't like it|I change my mind]?",
        "[Do you give|Is it] [full refunds|store credit|money back] [on returns|or only vouchers]? [And how long do I have?|What are the conditions?]",
    ],
    "damaged_item": [
        "[The courier|The delivery guy|Someone] [must have dropped|threw|crushed] the [parcel|box], [because|and] the {product} [inside is dented|is cracked|has a broken part]. [What can you do?|I want a replacement.|Please help.]",
        "[I unpacked|I opened] [my {product}|the {product} from {order}] [today|this morning] and [it's scratched all over|one leg is broken|the screen has a crack|it's leaking].",
    ],
    "wrong_item": [
        "[I opened the box|The parcel came] [and|but] [instead of|rather than] [the {product}|what I ordered] [there was|I found|you sent] [a completely different product|someone else's order|the wrong model].",
        "[I ordered|My order was for] [a black {product}|size 8|the large one] [and|but] [received|got] [a white one|size 10|the small one]. [That's not what I paid for.|Please sort it out.]",
    ],
    "check_payment_methods": [
        "[Before I order|I want to buy something but] [I only have|I'd like to use|I prefer] [PayPal|a debit card|Apple Pay|bank transfer]. [Is that possible?|Do you accept it?|Can I pay that way?]",
        "[Can I|Is it possible to] [split the payment|pay in instalments|pay later|pay on delivery] [for|on] [a {product}|my order|big orders]?",
    ],
    "payment_issue": [
        "[I tried|I've tried] [three times|twice|all day] to [pay for|buy] [the {product}|my basket] and [it keeps failing|the card is refused|I get an error]. [My bank says the card is fine.|There's money on the card.]",
        "[At the last step|When I click pay|After entering my card] [the page says|it shows|I get] ['payment unsuccessful'|'card declined'|an error] [every time|again and again].",
    ],
    "double_charge": [
        "[I checked my bank app|I looked at my statement|My bank called me] and [there are two|I see two|there were two] [payments|charges|debits] of {amount} [for|from] {order}. [I only ordered once.|Please refund the extra one.]",
        "[The checkout froze|The page crashed|I clicked pay] [and|so] I [paid again|tried a second time], [now|and now] [I've been charged twice|there are two charges|both went through].",
    ],
    "change_payment_method": [
        "[I paid for|I placed] {order} with [my old card|my credit card|PayPal] but [I'd rather|I want to|I need to] [use a different card|pay by bank transfer|put it on my debit card]. [Can you change it?|Is that possible before it ships?]",
        "[The card on|The payment for] {order} [won't go through|is from an account I closed|was my company card by mistake], [how do I|can I|please] [switch|change|update] [the payment method|it]?",
    ],
    "check_invoice": [
        "[I got|I received] the invoice for {order} [and|but] [it says|it shows|the total is] {amount}, [which is more than|not what] [I paid|the website said]. [Can you explain?|What is the extra?|Is that a mistake?]",
        "[There's a|I see a] [line|charge|fee] [called|named|listed as] ['handling'|'service fee'|'surcharge'] [on my invoice|on the bill]. [What is it for?|Why?]",
    ],
    "get_invoice": [
        "[I run a small business|I'm self-employed|I need it for taxes] [and|so] [I need|I must have] [a proper invoice|an invoice with VAT|a receipt] for {order}. [Could you send one?|Please email it.]",
        "[I can't find|I lost|I deleted] the [receipt|invoice|confirmation email] for {order}. [Can you resend it?|Could I get a copy?|Please send it again.]",
    ],
    "apply_coupon": [
        "[I signed up|I subscribed] [for the newsletter|for your emails] and [got|received] a [10% off|discount|welcome] code, [but|yet] [checkout says it's invalid|it doesn't take it off|the price doesn't change].",
        "[Does your|Can I use a|Is the] [discount code|promo code|voucher] [work|apply|valid] on [sale items|{product}|shipping]? [It isn't working for me.|Mine gets refused.]",
    ],
    "product_info": [
        "[I'm trying to decide|I'm choosing] between [two|a few] [{product}s|models], [can you tell me|what's] [which one is lighter|the battery life of each|the difference]?",
        "[Before I order|Quick one before I buy]: [is the {product} suitable for|does the {product} work for|can the {product} be used by] [kids|outdoor use|left-handed people|travel]?",
    ],
    "check_stock": [
        "[I've been waiting|I've been checking for weeks] for the {product} [in size 9|in green|in the large version] to [come back|be available]. [Will you restock it?|Is it coming back?]",
        "[Can I still get|Is there still|Do you still sell] the {product} [in|as] [red|extra large|the older model]? [The page says unavailable.|I can't select it.]",
    ],
    "price_inquiry": [
        "[Your website|The page] [doesn't show|doesn't list|hides] the price of the {product}. [How much is it?|What does it cost?]",
        "[I'd like to buy|I want to order] [ten|several|a bunch of] {product}s [for my office|for a team|for an event]. [What would that cost?|Is there a bulk price?|How much in total?]",
    ],
    "warranty_claim": [
        "[I've had|I bought] [the {product}|my {product}] [for about a year|since last spring|eight months ago] and [now it|suddenly it] [won't turn on|makes a weird noise|stopped working]. [It should still be under guarantee.|Can you repair or replace it?]",
        "[Does the warranty cover|Is it covered by the warranty if] [the battery|the motor|the zip] [fails|wears out|breaks] [after|within] [normal use|the first year]?",
    ],
    "create_account": [
        "[I've always ordered as a guest|I usually check out as a guest] but [now|this time] I [want|'d like] [an account|to register]. [How do I set one up?|What do I need?]",
        "[Can I make|How do I create] an account [for my business|for my company|for my family] [on your site|with you]?",
    ],
    "delete_account": [
        "[I don't shop with you any more|I've moved on|I no longer use your store] [and|so] [I'd like|I want] [my account|all my data] [removed|deleted|gone]. [Please confirm when it's done.|Thanks.]",
        "[Please|I'm asking you to] [close|delete|remove] [the account|my account] [registered to|under|linked to] this email [address|] [for good|permanently].",
    ],
    "edit_account": [
        "[I have a new|My new] [email address|phone number|surname] [since|after] [I changed jobs|getting married|I moved]. [Please update my account.|How do I change it in my profile?]",
        "[My date of birth|My name|My phone] [is wrong|has a typo|is outdated] [in my profile|on my account], [can you fix it|how do I edit it]?",
    ],
    "switch_account": [
        "[I have|I've got] [two accounts|a personal and a work account|an old and a new account] [with you|here] and [want to|need to] [switch between them|use the other one|move everything to one].",
        "[I'd like to|Can I] [change|convert|switch] [my account|my membership] [from basic to premium|to a business account|from the family plan to single].",
    ],
    "recover_password": [
        "[I haven't logged in|I haven't used my account] [for ages|in a year|since last summer] and [can't remember|forgot] [the password|my password]. [Can you help me reset it?|How do I get back in?]",
        "[I clicked|I pressed] 'forgot password' [but|and] [no email came|the link says expired|nothing happened]. [Can you send another one?|What now?]",
    ],
    "registration_problems": [
        "[I'm trying to|I want to] [open an account|sign up] [but|and] [the form keeps saying|it keeps telling me|I get told] [my phone number is invalid|the email is taken|the passwords don't match] [even though|but] [it's correct|they do].",
        "[The sign-up page|Registration] [just spins|freezes|reloads] [when I press|after I click] [submit|create account|register]. [I can't finish signing up.|Nothing gets created.]",
    ],
    "login_issue": [
        "[My password is correct|I know my password is right|I just changed my password] [but|and still] [the site|the app] [says|tells me] ['incorrect details'|'account locked'|'something went wrong'] [when I sign in|at login].",
        "[Since|After] [the update|I got a new phone|yesterday] I [can't sign in|can't log into my account|get logged out immediately]. [The password is fine.|I'm using the right email.]",
    ],
    "newsletter_subscription": [
        "[I keep getting|You send me|I receive] [promotional emails|daily deals|newsletters] [even though|although] I [unsubscribed|never asked for them]. [Please remove me.|Stop it please.|Take me off the list.]",
        "[I'd like|I want] to [get|receive] [your offers|the newsletter|news about new products] [by email|each week]. [How do I sign up?|Can you add me?]",
    ],
    "cancel_subscription": [
        "[I signed up for|I have] [the premium membership|your monthly box|a yearly plan] [but|and] [don't use it|can't afford it now|no longer need it]. [Please cancel it|I want to stop it] [before the next payment|at the end of this month].",
        "[How do I|Where can I] [cancel|end|turn off] [my membership|the subscription|auto-renew]? [I can't find it in my account.|There's no button.]",
    ],
    "app_crash": [
        "[Every time|Whenever] I [try to check out|open my basket|tap on a product] [in the app|on your site], [it crashes|the app closes|the screen freezes]. [I've reinstalled it already.|I restarted my phone too.]",
        "[The website|Your page|The app] [shows|gives me|throws] [an error|'something went wrong'|a blank page] [when I|as soon as I] [log in|add to cart|go to my orders].",
    ],
    "connectivity_issue": [
        "[Other sites work fine|My internet is fine] [but|yet] [your website|your app] [won't load|keeps saying 'no connection'|times out]. [Is there a problem on your side?|Are you down?]",
        "[The app|The site] [keeps disconnecting|loses connection|drops out] [halfway through|in the middle of] [checkout|browsing|paying].",
    ],
    "complaint": [
        "[I've been a loyal customer|I've shopped here for years] [but|and] [the way I've been treated|the service lately|this experience] [is unacceptable|has been terrible|is a disgrace]. [I want to make a complaint.|Consider this a formal complaint.]",
        "[Your driver|Your staff member|The person on the phone] was [rude|unhelpful|aggressive] [to me|when I called]. [I want to complain about it.|This needs to be reported.]",
    ],
    "review": [
        "[I've been using|I got] the {product} [for a month|since {date}] and [I want to share|I'd like to write down] [my opinion|my experience|a review]. [Where do I do that?|Can I post it on your site?]",
        "[Just a note to say|I wanted to let you know] [the {product} is fantastic|delivery was super quick|your staff were lovely]. [Five stars!|Keep it up.|Happy customer.]",
    ],
    "contact_customer_service": [
        "[I'd rather|I prefer to] [call|phone|speak to] [someone|your team] [about my order|than email]. [What's the number?|When are you open?]",
        "[Is there|Do you have] [an email address|a phone line|a postal address] [for customer service|for complaints|for support]? [I can't find it on the site.|Where is it listed?]",
    ],
    "contact_human_agent": [
        "[This bot|Your chatbot|The automatic reply] [doesn't understand me|isn't helping|keeps repeating itself]. [I want a real person.|Get me a human.|Transfer me to an agent.]",
        "[Can|Could] [a member of staff|a real person|someone from your team] [please] [look at this|call me back|take over]? [Not an automated answer.|I need a human.]",
    ],
}

WIDE_TRAIN_PHRASES: dict[str, list[str]] = {
    k: [_resolve(p) for p in [*v, *_WIDE_LONG.get(k, [])]] for k, v in _WIDE.items()
}

WIDE_TRAIN_OUT_OF_SCOPE: list[str] = [
    "[Can you|Could you] [help me with|do] my [maths homework|tax return|CV|cover letter]?",
    "[What's|What is] the [best|cheapest] [phone contract|electricity supplier|car insurance|gym] [in my area|right now]?",
    "[How do I|Can you tell me how to] [bake bread|tie a tie|change a tyre|unclog a drain|train my puppy]?",
    "[Who|What] [invented|discovered] [the telephone|penicillin|electricity|the internet]?",
    "[Do you know|Tell me] [any good|a few] [jokes|riddles|fun facts|quotes]",
    "[I'm bored|I'm lonely|I can't sleep], [talk to me|say something|entertain me]",
    "[What's the news|What happened] [today|in the world|in politics]?",
    "[My landlord|My boss|My neighbour] [won't|doesn't] [fix the heating|pay me on time|stop the noise], what can I do?",
    "[Recommend|Suggest] [a holiday destination|a hiking trail|a podcast|a board game] [for the summer|for beginners|]",
    "[Is it safe to|Should I] [invest in bitcoin|eat raw eggs|drive in snow|take ibuprofen with coffee]?",
]
