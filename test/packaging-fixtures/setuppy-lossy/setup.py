from setuptools import find_packages, setup

with open("README.md", encoding="utf-8") as readme:
    long_description = readme.read()

setup(
    name="mysite",
    version="1.0.0",
    description="A small polls site",
    long_description=long_description,
    packages=find_packages(),
    include_package_data=True,
    python_requires=">=3.10",
    install_requires=[
        "Django>=4.2",
        "sqlparse",
    ],
    extras_require={
        "dev": ["pytest-django"],
    },
)
