import factory
from allauth.account.models import EmailAddress

from accounts.models import Profile, User
from applications.models import Application


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"applicant{n}@example.org")
    full_name = factory.Sequence(lambda n: f"Applicant Number{n}")
    password = factory.django.Password("correct horse battery staple")
    verified = factory.RelatedFactory("applications.tests.factories.EmailAddressFactory", factory_related_name="user")


class EmailAddressFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EmailAddress

    email = factory.SelfAttribute("user.email")
    verified = True
    primary = True


class ProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Profile

    user = factory.SubFactory(UserFactory)
    organization = factory.Sequence(lambda n: f"City of Example{n}")
    title = "Management Analyst"
    address = "1 Civic Center Plaza"
    city = "Irvine"
    state = "CA"
    zip_code = "92606"
    phone = "555-0100"
    region = "Orange County"


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    applicant = factory.LazyFunction(lambda: ProfileFactory().user)
    role = Application.Role.MENTEE
    status = Application.Status.SUBMITTED
    membership = Application.Membership.FULL
    frequency = "monthly"
    contact_forms = factory.LazyFunction(lambda: ["video", "email"])
    expertise = factory.LazyFunction(lambda: ["finance", "strategic_planning"])
    career_stage = Application.CareerStage.EARLY_CAREER
    goals = "Learn how a city budget is built."


class MentorApplicationFactory(ApplicationFactory):
    role = Application.Role.MENTOR
    expertise = factory.LazyFunction(lambda: ["finance", "management", "strategic_planning"])
    years_experience = 12
    capacity = 2
    career_stage = ""
    statement = "I have run budgets for twenty years and want to give back."
